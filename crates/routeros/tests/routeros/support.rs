//! Starting an emulator and connecting to it.

use std::time::Duration;

use tikbill_routeros::emulator::{Emulator, EmulatorConfig};
use tikbill_routeros::{Client, ConnectOptions, Secret};

pub const USER: &str = "billing";
pub const PASSWORD: &str = "s3cret";

/// An emulator with the test credentials on a free loopback port.
pub async fn router() -> Emulator {
    start(EmulatorConfig::new(USER, PASSWORD)).await
}

pub async fn start(config: EmulatorConfig) -> Emulator {
    Emulator::start(config)
        .await
        .expect("the emulator starts on a free loopback port")
}

/// Plain API options for `emulator`, with short time limits so failures show quickly.
pub fn options(emulator: &Emulator) -> ConnectOptions {
    ConnectOptions::plain("127.0.0.1", USER, Secret::new(PASSWORD))
        .with_port(emulator.address().port())
        .with_connect_timeout(Duration::from_secs(2))
        .with_login_timeout(Duration::from_secs(2))
        .with_command_timeout(Duration::from_secs(5))
}

/// A logged-in client.
pub async fn connect(emulator: &Emulator) -> Client {
    Client::connect(&options(emulator))
        .await
        .expect("the client logs in to the emulator with the right credentials")
}
