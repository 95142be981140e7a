//! Monitor event parsing (`zmq::MonitorEvent::parse`, `parse_v2`): arbitrary frames never
//! panic, errors are `InvalidInput`, and a parsed event reports the code it was parsed from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zmq::{Error, MonitorEvent};

fuzz_target!(|data: &[u8]| {
    // The first byte says where to cut the rest into frames (up to 8 frames).
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    let mut frames: Vec<&[u8]> = Vec::new();
    let mut tail = rest;
    let cuts = usize::from(shape % 8);
    for i in 0..cuts {
        let len = match (shape >> 3) % 4 {
            0 => 8,
            1 => 6,
            _ => tail.first().map_or(0, |b| usize::from(*b) % 24) + i % 2,
        };
        let (frame, next) = tail.split_at(len.min(tail.len()));
        frames.push(frame);
        tail = next;
    }
    frames.push(tail);

    match MonitorEvent::parse(&frames) {
        Ok(event) => {
            assert_eq!(frames.len(), 2);
            assert_eq!(frames[0].len(), 6);
            let code = u16::from_ne_bytes([frames[0][0], frames[0][1]]);
            assert_eq!(event.code(), u64::from(code));
            if !matches!(event, MonitorEvent::MonitorStopped) {
                assert_eq!(event.endpoint().as_bytes(), frames[1]);
            }
            let _ = (event.name(), event.error(), event.to_string());
        }
        Err(e) => assert!(matches!(e, Error::InvalidInput { .. }), "{e:?}"),
    }

    match MonitorEvent::parse_v2(&frames) {
        Ok(v2) => {
            assert!(frames.len() >= 4);
            let code = u64::from_ne_bytes(frames[0].try_into().expect("8-byte event frame"));
            assert_eq!(v2.event.code(), code);
            assert_eq!(v2.local.as_bytes(), frames[frames.len() - 2]);
            assert_eq!(v2.remote.as_bytes(), frames[frames.len() - 1]);
            let _ = (v2.event.name(), v2.event.error(), v2.event.to_string());
        }
        Err(e) => assert!(matches!(e, Error::InvalidInput { .. }), "{e:?}"),
    }
});
