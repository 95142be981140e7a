//! Z85 (`zmq::z85_encode`, `zmq::z85_decode`) and CURVE key parsing (`zmq::CurveKey`): never a
//! panic, errors are `InvalidInput`, and decode/encode round trips give the input back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zmq::{z85_decode, z85_encode, CurveKey, Error};

const ALPHABET: &[u8] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

fuzz_target!(|data: &[u8]| {
    // Bytes -> text -> bytes.
    match z85_encode(data) {
        Ok(text) => {
            assert_eq!(data.len() % 4, 0);
            assert_eq!(text.len(), data.len() / 4 * 5);
            assert!(text.bytes().all(|c| ALPHABET.contains(&c)), "{text:?}");
            assert_eq!(z85_decode(&text).expect("decode(encode(x))"), data);
        }
        Err(e) => {
            assert_ne!(data.len() % 4, 0);
            assert!(matches!(e, Error::InvalidInput { .. }), "{e:?}");
        }
    }

    // Arbitrary text -> bytes -> text.
    if let Ok(text) = std::str::from_utf8(data) {
        match z85_decode(text) {
            Ok(bytes) => {
                assert_eq!(text.len() % 5, 0);
                assert!(text.bytes().all(|c| ALPHABET.contains(&c)), "{text:?}");
                assert_eq!(bytes.len(), text.len() / 5 * 4);
                assert_eq!(z85_encode(&bytes).expect("encode(decode(x))"), text);
            }
            Err(e) => assert!(matches!(e, Error::InvalidInput { .. }), "{text:?}: {e:?}"),
        }
        match text.parse::<CurveKey>() {
            Ok(key) => {
                assert_eq!(key.to_z85(), text);
                assert_eq!(key.to_string(), text);
                assert_eq!(
                    CurveKey::from_z85(&key.to_z85()).expect("key round trip"),
                    key
                );
            }
            Err(e) => assert!(matches!(e, Error::InvalidInput { .. }), "{text:?}: {e:?}"),
        }
    }

    // Any 32 bytes are a key whose Z85 form parses back to it.
    if let Ok(raw) = <[u8; 32]>::try_from(data.get(..32).unwrap_or_default()) {
        let key = CurveKey(raw);
        let text = key.to_z85();
        assert_eq!(text.len(), 40);
        assert_eq!(CurveKey::from_z85(&text).expect("key round trip"), key);
        let _ = format!("{key:?}");
    }
});
