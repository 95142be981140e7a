//! The checked-in bindings against what a C compiler sees in the same zmq.h: the size and alignment
//! of `zmq_msg_t` and `zmq_pollitem_t`, and the value of every `ZMQ_*` / `E*` constant.

use std::collections::BTreeMap;
use std::mem::{align_of, size_of};
use std::process::Command;

#[cfg(not(zmq_sys_draft))]
const BINDINGS: &str = include_str!("../src/bindings/stable.rs");
#[cfg(zmq_sys_draft)]
const BINDINGS: &str = include_str!("../src/bindings/draft.rs");

/// `(name, value)` of every `pub const` in the bindings.
fn constants() -> Vec<(String, String)> {
    BINDINGS
        .lines()
        .filter_map(|line| line.strip_prefix("pub const "))
        .filter_map(|rest| {
            let (name, rest) = rest.split_once(':')?;
            let (_, value) = rest.split_once('=')?;
            Some((
                name.trim().to_owned(),
                value.trim().trim_end_matches(';').to_owned(),
            ))
        })
        .collect()
}

fn c_facts(consts: &[(String, String)]) -> BTreeMap<String, String> {
    let dir = std::env::temp_dir().join(format!("zmq-sys-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut src = String::from("#include <stdio.h>\n#include <stdalign.h>\n#include <signal.h>\n");
    if cfg!(zmq_sys_draft) {
        src.push_str("#define ZMQ_BUILD_DRAFT_API 1\n");
    }
    src.push_str("#include <zmq.h>\nint main(void) {\n");
    for t in ["zmq_msg_t", "zmq_pollitem_t"] {
        src.push_str(&format!(
            "  printf(\"sizeof {t} %zu\\n\", sizeof({t}));\n  printf(\"alignof {t} %zu\\n\", alignof({t}));\n"
        ));
    }
    for (name, value) in consts {
        // Every constant is a macro of zmq.h; an older system header may lack some. String
        // constants (the draft metadata property names) print as strings.
        let print = if value.starts_with("b\"") {
            format!("printf(\"{name} %s\\n\", {name})")
        } else {
            format!("printf(\"{name} %lld\\n\", (long long)({name}))")
        };
        src.push_str(&format!("#ifdef {name}\n  {print};\n#endif\n"));
    }
    src.push_str("  return 0;\n}\n");
    let c_file = dir.join("layout.c");
    let exe = dir.join("layout");
    std::fs::write(&c_file, src).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let status = Command::new(&cc)
        .arg("-std=gnu11")
        .arg("-I")
        .arg(env!("ZMQ_SYS_INCLUDE_DIR"))
        .arg(&c_file)
        .arg("-o")
        .arg(&exe)
        .status()
        .expect("run the C compiler");
    assert!(status.success(), "C compiler failed on {c_file:?}");
    let out = Command::new(&exe).output().unwrap();
    assert!(out.status.success());
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| {
            l.rsplit_once(' ')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        })
        .collect()
}

#[test]
fn layout_and_constants_match_c() {
    let consts = constants();
    assert!(consts.len() > 150, "parsed only {} constants", consts.len());
    let c = c_facts(&consts);

    assert_eq!(
        c["sizeof zmq_msg_t"],
        size_of::<zmq_sys::zmq_msg_t>().to_string()
    );
    assert_eq!(
        c["alignof zmq_msg_t"],
        align_of::<zmq_sys::zmq_msg_t>().to_string()
    );
    assert_eq!(
        c["sizeof zmq_pollitem_t"],
        size_of::<zmq_sys::zmq_pollitem_t>().to_string()
    );
    assert_eq!(
        c["alignof zmq_pollitem_t"],
        align_of::<zmq_sys::zmq_pollitem_t>().to_string()
    );

    // The version macros describe the header of the library this build uses: 4.3.5 when vendored,
    // the system's (e.g. 4.3.4 on Debian bookworm) with ZMQ_SYS_USE_PKG_CONFIG=1.
    let c_version = format!(
        "{}.{}.{}",
        c["ZMQ_VERSION_MAJOR"], c["ZMQ_VERSION_MINOR"], c["ZMQ_VERSION_PATCH"]
    );
    assert_eq!(c_version, env!("ZMQ_SYS_LIBZMQ_VERSION"));
    let vendored = c_version == "4.3.5";

    let mut mismatches = Vec::new();
    let mut absent = Vec::new();
    for (name, value) in &consts {
        if name.starts_with("ZMQ_VERSION_") {
            continue;
        }
        // bindgen writes string macros as byte strings: b"Routing-Id\0".
        let value = value
            .strip_prefix("b\"")
            .and_then(|v| v.strip_suffix("\\0\""))
            .unwrap_or(value);
        match c.get(name) {
            Some(v) if v == value => {}
            // A constant newer than an older system header: not usable there, but not wrong.
            None if !vendored => absent.push(name.as_str()),
            other => mismatches.push(format!("{name}: Rust {value}, C {other:?}")),
        }
    }
    if !absent.is_empty() {
        println!(
            "not in the libzmq {c_version} header: {}",
            absent.join(", ")
        );
    }
    assert!(
        mismatches.is_empty(),
        "constants differ from C:\n{}",
        mismatches.join("\n")
    );

    // The parsed text is what the compiled crate holds.
    assert_eq!(c["ZMQ_SNDMORE"], zmq_sys::ZMQ_SNDMORE.to_string());
    assert_eq!(c["ETERM"], zmq_sys::ETERM.to_string());
    assert_eq!(c["ZMQ_CURVE_SERVER"], zmq_sys::ZMQ_CURVE_SERVER.to_string());
    println!("{} constants and 2 layouts match C", consts.len());
}
