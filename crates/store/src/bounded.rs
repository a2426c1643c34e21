//! Reads that stop at a limit: at most `limit + 1` bytes are taken from any file, device or
//! pipe, so an endless or huge input (`/dev/zero`, a pipe that never closes) costs at most the
//! limit in memory and is refused as soon as it passes it, whatever its metadata says.

use std::io::{self, Read};

/// What a bounded read found.
#[derive(Debug, PartialEq, Eq)]
pub enum Bounded {
    /// The whole input, at most the limit.
    Whole(Vec<u8>),
    /// The input holds more than the limit; what was read is dropped.
    TooLong,
}

/// Reads everything `reader` holds if that is at most `limit` bytes, reading at most
/// `limit + 1` bytes.
pub fn read_at_most(reader: impl Read, limit: usize) -> io::Result<Bounded> {
    let mut bytes = Vec::new();
    let take = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(take).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(Bounded::TooLong);
    }
    Ok(Bounded::Whole(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_at_the_limit_is_read_whole_and_one_byte_more_is_too_long() {
        assert_eq!(
            read_at_most(&[7_u8; 10][..], 10).unwrap(),
            Bounded::Whole(vec![7; 10])
        );
        assert_eq!(read_at_most(&[7_u8; 11][..], 10).unwrap(), Bounded::TooLong);
        assert_eq!(read_at_most(&[][..], 0).unwrap(), Bounded::Whole(vec![]));
    }

    #[test]
    fn an_endless_input_is_refused_after_the_limit_plus_one_byte() {
        let mut endless = io::repeat(0);
        let mut counted = CountingReader {
            inner: &mut endless,
            read: 0,
        };
        assert_eq!(read_at_most(&mut counted, 4096).unwrap(), Bounded::TooLong);
        assert_eq!(
            counted.read, 4097,
            "no more than the limit and one byte is read"
        );
    }

    struct CountingReader<R> {
        inner: R,
        read: usize,
    }

    impl<R: Read> Read for CountingReader<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n;
            Ok(n)
        }
    }
}
