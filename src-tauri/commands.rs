//! One small function per operation the UI can ask for.

pub mod profiles;
pub mod routers;
pub mod system;
