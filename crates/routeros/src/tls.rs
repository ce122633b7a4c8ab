//! api-ssl with certificate pinning: the router's (usually self-signed) certificate is trusted
//! only by its SHA-256 fingerprint, learned on first use.

use std::sync::{Arc, Mutex, PoisonError};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::error::Error;
use crate::fingerprint::Fingerprint;

/// Runs the TLS handshake; returns the stream and the fingerprint the router presented.
pub(crate) async fn handshake(
    tcp: TcpStream,
    host: &str,
    pin: Option<Fingerprint>,
) -> Result<(TlsStream<TcpStream>, Fingerprint), Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(PinnedCertificate {
        pin,
        seen: Mutex::new(None),
        algorithms: provider.signature_verification_algorithms,
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    // The name is not checked (the pin is), but SNI needs one.
    let name = ServerName::try_from(host.to_owned())
        .or_else(|_| ServerName::try_from("router.invalid"))
        .map_err(|e| Error::Tls(e.to_string()))?;
    let result = TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await;
    let seen = *verifier.seen.lock().unwrap_or_else(PoisonError::into_inner);
    match (result, seen, pin) {
        (Ok(stream), Some(found), _) => Ok((stream, found)),
        (Err(_), Some(found), Some(expected)) if found != expected => {
            Err(Error::CertificateMismatch { expected, found })
        }
        (Err(error), _, _) => Err(Error::Tls(error.to_string())),
        (Ok(_), None, _) => Err(Error::Tls("the router presented no certificate".into())),
    }
}

/// Accepts exactly one certificate (by fingerprint), or any on first use; records what it saw.
#[derive(Debug)]
struct PinnedCertificate {
    pin: Option<Fingerprint>,
    seen: Mutex<Option<Fingerprint>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for PinnedCertificate {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let found = Fingerprint::of_certificate(end_entity.as_ref());
        *self.seen.lock().unwrap_or_else(PoisonError::into_inner) = Some(found);
        match self.pin {
            Some(expected) if expected != found => Err(rustls::Error::General(format!(
                "certificate fingerprint {found} is not the pinned {expected}"
            ))),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
