//! The composition root: the one module that names every platform. Each
//! platform module (`flagship`, `enterprise`, `ymcart`) registers a
//! [`Descriptor`] beside its operations and, for signing, a [`Signing`];
//! the engine finds them here through [`Platform`] and [`Scheme`].

use crate::descriptor::Descriptor;
#[cfg(feature = "sign")]
use crate::descriptor::Signing;

/// Which API an operation belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// WDT flagship (旺店通旗舰版), `{base}/openapi`.
    Flagship,
    /// WDT enterprise (旺店通企业版), `{base}/openapi2/<name>.php`.
    Enterprise,
    /// The YMCart shop API.
    Ymcart,
}

impl Platform {
    /// Every platform, for hosts that generate types from it.
    pub const ALL: &'static [Platform] = &[Platform::Flagship, Platform::Enterprise, Platform::Ymcart];

    /// `"flagship"`, `"enterprise"` or `"ymcart"`.
    pub fn name(self) -> &'static str {
        self.descriptor().name
    }

    /// Parses a platform name.
    pub fn from_name(s: &str) -> Option<Platform> {
        Platform::ALL.iter().copied().find(|p| p.name() == s)
    }

    /// What the platform tells the engine.
    pub fn descriptor(self) -> &'static Descriptor {
        match self {
            Platform::Flagship => &crate::flagship::DESCRIPTOR,
            Platform::Enterprise => &crate::enterprise::DESCRIPTOR,
            Platform::Ymcart => &crate::ymcart::DESCRIPTOR,
        }
    }
}

/// Every platform's descriptor, in [`Platform::ALL`] order.
pub(crate) fn descriptors() -> impl Iterator<Item = &'static Descriptor> {
    Platform::ALL.iter().map(|p| p.descriptor())
}

/// How a request was authenticated; decides how the string to sign is shown.
#[cfg(feature = "sign")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Scheme {
    /// `MD5(secret + k1v1k2v2… + secret)` over sorted params including `body`.
    Flagship,
    /// `MD5("%02d-k:%04d-v" joined by ";" + appsecret)` over sorted params.
    Enterprise,
    /// An opaque token in the form body; nothing is signed.
    Token,
}

#[cfg(feature = "sign")]
impl Scheme {
    /// How requests of this scheme are signed and shown.
    pub(crate) fn signing(self) -> &'static Signing {
        match self {
            Scheme::Flagship => &crate::flagship::SIGNING,
            Scheme::Enterprise => &crate::enterprise::SIGNING,
            Scheme::Token => &crate::ymcart::SIGNING,
        }
    }

    /// Names of the parameters whose values are secrets under this scheme.
    pub(crate) fn secret_params(self) -> &'static [&'static str] {
        self.signing().secret_params
    }
}
