//! GeoIP lookups in MaxMind DB files (GeoLite2/GeoIP2 or compatible): the country of an
//! address for `countries` rules, its network operator (ASN) for binding trusted devices, and
//! a coarse place ("Berlin, Germany") for labelling them. Both databases are optional.

use std::net::IpAddr;
use std::path::Path;

use maxminddb::{PathElement, Reader};

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country(pub [u8; 2]);

impl Country {
    /// Parses a two-letter code, any case.
    pub fn parse(code: &str) -> Option<Country> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Some(Country([a.to_ascii_uppercase(), b.to_ascii_uppercase()])),
            _ => None,
        }
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(std::str::from_utf8(&self.0).unwrap_or("??"))
    }
}

/// One MaxMind database, read into memory.
pub struct Database(Reader<Vec<u8>>);

impl Database {
    /// The error names the file and what is wrong with it.
    pub fn open(path: &Path) -> Result<Database, String> {
        Reader::open_readfile(path).map(Database).map_err(|e| format!("{}: not a readable MaxMind database: {e}", path.display()))
    }

    /// A value in the record of `ip`: `None` for a miss or a record without that value, an
    /// error for a database that cannot be read there (which callers must not take for a miss).
    fn get<'a, T: serde::Deserialize<'a>>(&'a self, ip: IpAddr, path: &[PathElement<'_>]) -> Result<Option<T>, String> {
        let found = self.0.lookup(ip).map_err(|e| format!("GeoIP lookup of {ip}: {e}"))?;
        found.decode_path(path).map_err(|e| format!("GeoIP record of {ip}: {e}"))
    }
}

#[derive(Default)]
pub struct Geo {
    pub country: Option<Database>,
    pub asn: Option<Database>,
}

impl std::fmt::Debug for Geo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Geo").field("country", &self.country.is_some()).field("asn", &self.asn.is_some()).finish()
    }
}

const COUNTRY_CODE: [PathElement<'static>; 2] = [PathElement::Key("country"), PathElement::Key("iso_code")];
const ASN: [PathElement<'static>; 1] = [PathElement::Key("autonomous_system_number")];

impl Geo {
    pub fn has_country(&self) -> bool {
        self.country.is_some()
    }

    pub fn has_asn(&self) -> bool {
        self.asn.is_some()
    }

    /// The country of an address; `Ok(None)` for a miss (private, reserved or unknown
    /// address, or no database); an error when the database cannot say (the gate then refuses).
    pub fn country(&self, ip: IpAddr) -> Result<Option<Country>, String> {
        let Some(db) = &self.country else { return Ok(None) };
        match db.get::<&str>(ip, &COUNTRY_CODE)? {
            Some(code) => Country::parse(code).map(Some).ok_or_else(|| format!("GeoIP record of {ip}: country {code:?}")),
            None => Ok(None),
        }
    }

    /// The autonomous system (network operator) an address belongs to; a lookup error counts
    /// as unknown, which binds a device more tightly, never less.
    pub fn asn(&self, ip: IpAddr) -> Option<u32> {
        self.asn.as_ref()?.get(ip, &ASN).ok().flatten()
    }

    /// A coarse place for people: "city, country" from a city database, else the country;
    /// named in `lang` where the database has names in it (MaxMind's: de, en, es, fr, pt-BR and
    /// others), else in English.
    pub fn place(&self, ip: IpAddr, lang: &str) -> Option<String> {
        let record = self.country.as_ref()?.0.lookup(ip).ok()?;
        let name = |path: &[PathElement<'_>]| record.decode_path::<&str>(path).ok().flatten();
        let lang = if lang == "pt" { "pt-BR" } else { lang };
        let named = |of: &'static str| {
            name(&[PathElement::Key(of), PathElement::Key("names"), PathElement::Key(lang)])
                .or_else(|| name(&[PathElement::Key(of), PathElement::Key("names"), PathElement::Key("en")]))
        };
        let country = named("country").or_else(|| name(&COUNTRY_CODE))?;
        Some(match named("city") {
            Some(city) => format!("{city}, {country}"),
            None => country.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Country;

    #[test]
    fn country_codes() {
        assert_eq!(Country::parse("de"), Some(Country(*b"DE")));
        assert_eq!(Country::parse("AT"), Some(Country(*b"AT")));
        for bad in ["", "D", "DEU", "1A", "é"] {
            assert_eq!(Country::parse(bad), None, "{bad}");
        }
    }
}
