//! What the tests and benches of `jardins serve` share: starting the real binary on a free
//! port, and a small HTTP/1.1 client on std's sockets (keep-alive, bounded reads).

#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Largest answer body the client reads, in bytes.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Longest the client waits for an answer.
pub const READ_TIMEOUT: Duration = Duration::from_secs(20);

/// Starts `jardins --ledger LEDGER serve` on 127.0.0.1:0 and waits until it listens.
pub fn start_server(binary: &Path, ledger: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(binary)
        .arg("--ledger")
        .arg(ledger)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jardins serve starts");
    let stderr = child.stderr.take().expect("its stderr");
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("jardins serve says where it listens")
            .expect("a line");
        if let Some(rest) = line.strip_prefix("jardins serve: listening on http://") {
            break rest.trim().parse().expect("an address");
        }
    };
    // Keeps reading its logs, so that a full pipe never blocks it.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    (child, addr)
}

/// One keep-alive connection.
pub struct Connection {
    reader: BufReader<TcpStream>,
    addr: SocketAddr,
}

impl Connection {
    pub fn open(addr: SocketAddr) -> io::Result<Connection> {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            reader: BufReader::new(stream),
            addr,
        })
    }

    /// Sends one request and reads its answer: the status and the body.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<(u16, Vec<u8>)> {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if !body.is_empty() {
            request.push_str("Content-Type: application/json\r\n");
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(request.as_bytes())?;
        stream.write_all(body)?;
        let mut status_line = String::new();
        if self.reader.read_line(&mut status_line)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
        }
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no status"))?;
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        if length > MAX_BODY_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "body too large"));
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, body))
    }
}

/// The API token `jardins access token PERSON` prints (its last line).
pub fn token_for(binary: &Path, ledger: &Path, person: &str) -> String {
    let output = Command::new(binary)
        .arg("--ledger")
        .arg(ledger)
        .args(["access", "token", person])
        .output()
        .expect("jardins access token runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .last()
        .expect("the token")
        .trim()
        .to_string()
}
