//! Proof that a state-changing request with a cookie session came from our own pages: its
//! `Origin` (or, without one, `Sec-Fetch-Site: same-origin`) and the session's token in the
//! `X-CSRF-Token` header (or a form's `csrf` field). Requests with a Bearer token carry no
//! ambient credential and need neither.

use axum::http::{HeaderMap, Method};

/// The header that carries the session's token.
pub const TOKEN_HEADER: &str = "x-csrf-token";

/// Whether `method` may change state (every method but GET, HEAD and OPTIONS).
pub fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The request comes from `origin`: its `Origin` header says so, or, without one, the browser's
/// `Sec-Fetch-Site` says same-origin. A missing or foreign origin is refused.
pub fn same_origin(headers: &HeaderMap, origin: &str) -> bool {
    match headers.get("origin").and_then(|v| v.to_str().ok()) {
        Some(given) => given == origin,
        None => headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|site| site == "same-origin"),
    }
}

/// The session's token is the one given, compared in constant time.
pub fn token_matches(headers: &HeaderMap, expected: &str) -> bool {
    let Some(given) = headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    same_token(given, expected)
}

/// `given` is `expected`, compared in constant time.
pub fn same_token(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_or_missing_origin_is_refused() {
        let origin = "https://jardins.example";
        let mut headers = HeaderMap::new();
        assert!(!same_origin(&headers, origin));
        headers.insert("origin", "https://evil.example".parse().expect("a value"));
        assert!(!same_origin(&headers, origin));
        headers.insert("origin", origin.parse().expect("a value"));
        assert!(same_origin(&headers, origin));
        let mut fetch = HeaderMap::new();
        fetch.insert("sec-fetch-site", "same-origin".parse().expect("a value"));
        assert!(same_origin(&fetch, origin));
        fetch.insert("sec-fetch-site", "cross-site".parse().expect("a value"));
        assert!(!same_origin(&fetch, origin));
    }

    #[test]
    fn the_token_must_match_exactly() {
        let mut headers = HeaderMap::new();
        assert!(!token_matches(&headers, "abc"));
        headers.insert(TOKEN_HEADER, "abd".parse().expect("a value"));
        assert!(!token_matches(&headers, "abc"));
        headers.insert(TOKEN_HEADER, "abc".parse().expect("a value"));
        assert!(token_matches(&headers, "abc"));
    }
}
