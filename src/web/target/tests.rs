use super::*;

const HOST: &str = "app.example";

fn judge(raw: &str, case: PathCase) -> Result<(String, String, Option<String>), TargetError> {
    parse(raw.as_bytes(), HOST, false, case).map(|t| (t.judged.into_owned(), t.path.into_owned(), t.query.map(Cow::into_owned)))
}

/// `(raw target, judged path, path sent)`, or the error.
type Row = (&'static str, Result<(&'static str, &'static str), TargetError>);

fn check(rows: &[Row], case: PathCase) {
    for (raw, want) in rows {
        let got = judge(raw, case).map(|(j, p, _)| (j, p));
        let want = want.map(|(j, p)| (j.to_string(), p.to_string()));
        assert_eq!(got, want, "target {raw:?}");
    }
}

#[test]
fn normal_paths_are_borrowed() {
    let t = parse(b"/a/b.html?x=1", HOST, false, PathCase::Sensitive).expect("target");
    assert!(matches!((&t.judged, &t.path, &t.query), (Cow::Borrowed(_), Cow::Borrowed(_), Some(Cow::Borrowed(_)))));
    assert!(t.is_wire(b"/a/b.html?x=1"));
    assert!(!t.is_wire(b"/a/b.html"));
}

#[test]
fn forms_of_the_target() {
    use TargetError::*;
    check(
        &[
            ("/", Ok(("/", "/"))),
            ("http://app.example/x", Ok(("/x", "/x"))),
            ("HTTPS://APP.example:8443/x", Ok(("/x", "/x"))),
            ("http://app.example", Ok(("/", "/"))),
            ("http://app.example?q", Ok(("/", "/"))),
            ("http://evil.example/x", Err(Authority)),
            ("http://app.example.evil/x", Err(Authority)),
            ("http://user@app.example/x", Err(Authority)),
            ("http://[app.example]/x", Err(Authority)),
            ("ftp://app.example/x", Err(Form)),
            ("x:/private/x", Err(Form)),
            ("\\private\\x", Err(Form)),
            ("%2Fprivate%2Fx", Err(Form)),
            ("private/x", Err(Form)),
            ("*", Err(Form)),
            ("", Err(Form)),
            ("app.example:443", Err(Form)),
            ("/x#frag", Err(Fragment)),
            ("/private/x#/../../public/y", Err(Fragment)),
        ],
        PathCase::Sensitive,
    );
    let star = parse(b"*", HOST, true, PathCase::Sensitive).expect("OPTIONS *");
    assert_eq!((star.judged.as_ref(), star.wire()), ("*", "*".to_string()));
}

#[test]
fn paths() {
    use TargetError::*;
    check(
        &[
            ("/admin/../admin", Ok(("/admin", "/admin"))),
            ("//admin", Ok(("/admin", "/admin"))),
            ("/a//b/", Ok(("/a/b/", "/a/b/"))),
            ("/%61dmin", Ok(("/admin", "/admin"))),
            ("/a/%2e%2E/b", Ok(("/b", "/b"))),
            ("/a/./b/.", Ok(("/a/b/", "/a/b/"))),
            ("/../../etc", Ok(("/etc", "/etc"))),
            ("/a/..", Ok(("/", "/"))),
            ("/x%3fy", Ok(("/x%3Fy", "/x%3Fy"))),
            ("/caf%c3%a9", Ok(("/caf%C3%A9", "/caf%C3%A9"))),
            ("/caf\u{e9}", Ok(("/caf%C3%A9", "/caf%C3%A9"))),
            ("/a%20b", Ok(("/a%20b", "/a%20b"))),
            ("/a{b}|c", Ok(("/a%7Bb%7D%7Cc", "/a%7Bb%7D%7Cc"))),
            ("/public/..%2fadmin", Err(Ambiguous)),
            ("/a%5cb", Err(Ambiguous)),
            ("/a\\b", Err(Ambiguous)),
            ("/a%00", Err(Ambiguous)),
            ("/a%zz", Err(BadEscape)),
            ("/a%4", Err(BadEscape)),
            ("/a%u002fb", Err(BadEscape)),
            ("/a%09b", Err(Control)),
            ("/a%0d%0aSet-Cookie:x", Err(Control)),
            ("/a%7f", Err(Control)),
            ("/a%C0%AF", Err(BadUtf8)),
            ("/a%C0%AE%C0%AE/", Err(BadUtf8)),
            ("/a%E0%80%AF", Err(BadUtf8)),
            ("/a%ED%A0%80", Err(BadUtf8)),
            ("/a%FF", Err(BadUtf8)),
            ("/a%C3", Err(BadUtf8)),
            ("/a%C3x", Err(BadUtf8)),
            ("/admin./x", Err(Trailing)),
            ("/admin%2e/x", Err(Trailing)),
            ("/admin%20/x", Err(Trailing)),
            ("/admin.../x", Err(Trailing)),
            ("/admin%09/x", Err(Control)),
            ("/file.", Err(Trailing)),
        ],
        PathCase::Sensitive,
    );
}

#[test]
fn path_parameters_are_read_as_a_servlet_container_reads_them() {
    use TargetError::*;
    check(
        &[
            ("/admin;jsessionid=x/x", Ok(("/admin/x", "/admin;jsessionid=x/x"))),
            ("/page;jsessionid=ABC", Ok(("/page", "/page;jsessionid=ABC"))),
            ("/;jsessionid=ABC", Ok(("/", "/;jsessionid=ABC"))),
            ("/app/;jsessionid=ABC", Ok(("/app/", "/app/;jsessionid=ABC"))),
            ("/a;x/../b", Ok(("/b", "/b"))),
            ("/a;x/", Ok(("/a/", "/a;x/"))),
            ("/a%3Bx/b", Ok(("/a%3Bx/b", "/a%3Bx/b"))),
            ("/public/..;/admin/x", Err(DotParameter)),
            ("/public/.;/admin/x", Err(DotParameter)),
            ("/public/%2e%2e;x/admin", Err(DotParameter)),
            ("/a/;x/../b", Err(DotParameter)),
            ("/admin.;x/y", Err(Trailing)),
        ],
        PathCase::Sensitive,
    );
}

#[test]
fn case_insensitive_sites_judge_the_lower_case_path() {
    check(
        &[
            ("/ADMIN/x", Ok(("/admin/x", "/ADMIN/x"))),
            ("/Admin;JSESSIONID=X/Caf%c3%a9", Ok(("/admin/caf%C3%A9", "/Admin;JSESSIONID=X/Caf%C3%A9"))),
            ("/admin/x", Ok(("/admin/x", "/admin/x"))),
            ("/adm%C4%B1n/x", Ok(("/admin/x", "/adm%C4%B1n/x"))),
            ("/%C5%BFecret/x", Ok(("/secret/x", "/%C5%BFecret/x"))),
            ("/%E2%84%AAeys", Ok(("/keys", "/%E2%84%AAeys"))),
            ("/caf%C3%A9", Ok(("/caf%C3%A9", "/caf%C3%A9"))),
            ("/(S(lit3py55t21z5v55vlm25s55))/admin/x", Err(TargetError::Windows)),
            ("/(X(1)F(x))/admin", Err(TargetError::Windows)),
            ("/prot/(S(X))ected/x", Err(TargetError::Windows)),
            ("/%28S%28x%29%29/admin/x", Err(TargetError::Windows)),
            ("/%28S(x))/admin/x", Err(TargetError::Windows)),
            ("/admin::$INDEX_ALLOCATION/x", Err(TargetError::Windows)),
            ("/admin%3A%3A$DATA", Err(TargetError::Windows)),
            ("/ADMINI~1/x", Err(TargetError::Windows)),
            ("/a~b/x", Ok(("/a~b/x", "/a~b/x"))),
            ("/report(1).pdf", Ok(("/report(1).pdf", "/report(1).pdf"))),
        ],
        PathCase::Insensitive,
    );
    assert_eq!(
        judge("/(S(x))/admin/x", PathCase::Sensitive).map(|(j, _, _)| j),
        Ok("/(S(x))/admin/x".to_string()),
        "only on IIS-like sites"
    );
    assert_eq!(judge("/ADMIN/x", PathCase::Sensitive).map(|(j, _, _)| j), Ok("/ADMIN/x".to_string()));
}

#[test]
fn queries_are_sent_on_and_never_judged() {
    assert_eq!(judge("/a?x=/public/", PathCase::Sensitive), Ok(("/a".into(), "/a".into(), Some("x=/public/".into()))));
    assert_eq!(judge("/a?", PathCase::Sensitive).map(|(_, _, q)| q), Ok(Some(String::new())));
    assert_eq!(judge("/a?a[]=1&b=%zz", PathCase::Sensitive).map(|(_, _, q)| q), Ok(Some("a%5B%5D=1&b=%zz".into())));
    assert_eq!(judge("/a?x=caf\u{e9}", PathCase::Sensitive).map(|(_, _, q)| q), Ok(Some("x=caf%C3%A9".into())));
    assert_eq!(judge("/a?x=1\r\nX: y", PathCase::Sensitive), Err(TargetError::Control));
    assert_eq!(judge("/a?x#y", PathCase::Sensitive), Err(TargetError::Fragment));
}

#[test]
fn hosts() {
    for (authority, want) in [
        ("app.example", Some("app.example")),
        ("APP.example:8080", Some("APP.example")),
        ("[::1]", Some("::1")),
        ("[::1]:8443", Some("::1")),
        ("[other.localhost]junk", None),
        ("[other.localhost]", None),
        ("[::1]x", None),
        ("[::1]:", None),
        ("app.example:", None),
        ("app.example:80:80", None),
        ("app.example:99999x", None),
        ("user@app.example", None),
        ("app example", None),
        ("", None),
        (":80", None),
    ] {
        assert_eq!(host_of_authority(authority), want, "{authority:?}");
    }
}

/// How Tomcat reads a path it is sent: parameters cut from each segment, then repeated
/// slashes collapsed and dot segments resolved, then percent-decoded.
fn servlet_reading(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let cut: Vec<&str> = path.split('/').skip(1).map(|s| s.split(';').next().unwrap_or_default()).collect();
    let directory = cut.last().is_some_and(|s| matches!(*s, "" | "." | ".."));
    for s in cut {
        match s {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out: String = segments.iter().map(|s| format!("/{s}")).collect();
    if directory || out.is_empty() {
        out.push('/');
    }
    percent_encoding::percent_decode_str(&out).decode_utf8_lossy().into_owned()
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Targets made of the pieces that make trouble, and any other bytes.
    fn target() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"/".to_vec()),
            Just(b".".to_vec()),
            Just(b"..".to_vec()),
            Just(b";".to_vec()),
            Just(b";x=1".to_vec()),
            Just(b"%2e".to_vec()),
            Just(b"%2E%2e".to_vec()),
            Just(b"%20".to_vec()),
            Just(b"%3B".to_vec()),
            Just(b"%C3%A9".to_vec()),
            Just(b"%C0%AF".to_vec()),
            Just(b"?".to_vec()),
            Just(b"#".to_vec()),
            Just(b"\\".to_vec()),
            Just(b"http://app.example".to_vec()),
            "%[0-9A-Fa-f]{2}".prop_map(String::into_bytes),
            "[a-zA-Z0-9._~!$&'()*+,;=:@-]{1,4}".prop_map(String::into_bytes),
            prop::collection::vec(any::<u8>(), 1..3),
        ];
        (any::<bool>(), prop::collection::vec(piece, 0..12)).prop_map(|(rooted, parts)| {
            let mut t = if rooted { b"/".to_vec() } else { Vec::new() };
            t.extend(parts.concat());
            t
        })
    }

    fn case() -> impl Strategy<Value = PathCase> {
        prop_oneof![Just(PathCase::Sensitive), Just(PathCase::Insensitive)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// The differential property: what is forwarded, read again, is what was judged.
        #[test]
        fn the_target_forwarded_is_the_target_judged(raw in target(), case in case()) {
            if let Ok(t) = parse(&raw, HOST, false, case) {
                let wire = t.wire();
                let again = parse(wire.as_bytes(), HOST, false, case).map_err(|e| TestCaseError::fail(format!("{wire:?}: {e}")))?;
                prop_assert_eq!(&again, &t, "{:?} -> {:?}", String::from_utf8_lossy(&raw), wire);
                prop_assert!(t.is_wire(wire.as_bytes()));
                prop_assert!(t.path.starts_with('/') && !t.path.contains("//"), "{}", t.path);
                // A WHATWG parser (browsers, many servers) reads the same path and query.
                let url = url::Url::parse(&format!("http://h{wire}")).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(url.path(), t.path.as_ref());
                // (It escapes `'` in queries where servers take it as it is: compare meanings.)
                let meaning = |q: Option<&str>| q.map(|q| percent_encoding::percent_decode_str(q).collect::<Vec<u8>>());
                prop_assert_eq!(meaning(url.query()), meaning(t.query.as_deref()));
                // A servlet container reads the path that was judged.
                if case == PathCase::Sensitive {
                    let judged = percent_encoding::percent_decode_str(&t.judged).decode_utf8_lossy().into_owned();
                    prop_assert_eq!(servlet_reading(&t.path), judged, "{}", t.path);
                }
            }
        }
    }
}
