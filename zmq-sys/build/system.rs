//! System mode: link the libzmq that pkg-config finds (`ZMQ_SYS_USE_PKG_CONFIG=1`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{env_var, fail, feature, Facts, LIBZMQ_VERSION, SYSTEM_MIN_VERSION};

pub(crate) fn system() -> Facts {
    let lib = pkg_config::Config::new()
        .atleast_version(SYSTEM_MIN_VERSION)
        .probe("libzmq")
        .unwrap_or_else(|err| {
            fail(&format!(
                "ZMQ_SYS_USE_PKG_CONFIG is set, but pkg-config found no usable libzmq >= {SYSTEM_MIN_VERSION}:\n\
                 {err}\n\n\
                 Install the development package of libzmq, e.g. on Debian/Ubuntu:\n\
                 \x20   apt-get install libzmq3-dev\n\
                 or point PKG_CONFIG_PATH at the directory holding libzmq.pc,\n\
                 or unset ZMQ_SYS_USE_PKG_CONFIG to build the bundled libzmq {LIBZMQ_VERSION} instead."
            ))
        });
    let include = lib
        .include_paths
        .iter()
        .find(|dir| dir.join("zmq.h").is_file())
        .cloned()
        .unwrap_or_else(|| PathBuf::from("/usr/include"));
    let root = include
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| include.clone());
    let draft = feature("draft");
    probe_symbols(&lib, draft);
    // CURVE and PGM cannot be seen by linking (zmq_curve_keypair exists either way and returns
    // ENOTSUP without CURVE; PGM is internal). The private requirements in libzmq.pc say what the
    // library was built with; reading them is a fact of the build, unlike calling the host's
    // zmq_has() (which would break cross-compiling). The safe crate checks zmq_has at run time.
    let private = pkg_config_private_requires();
    let pgm = private.contains("openpgm") || private.contains("-lpgm");
    let curve = private.contains("libsodium") || private.contains("-lsodium");
    Facts {
        include,
        root,
        version: lib.version,
        vendored: false,
        pgm,
        curve,
        draft,
    }
}

fn pkg_config_private_requires() -> String {
    let exe = env_var("PKG_CONFIG").unwrap_or_else(|| "pkg-config".to_owned());
    let mut text = String::new();
    for arg in ["--print-requires-private", "--libs-only-l"] {
        let mut cmd = Command::new(&exe);
        cmd.arg(arg);
        if arg == "--libs-only-l" {
            cmd.arg("--static");
        }
        if let Ok(out) = cmd.arg("libzmq").output() {
            text.push_str(&String::from_utf8_lossy(&out.stdout));
            text.push('\n');
        }
    }
    text
}

/// Names of the functions the checked-in bindings declare (`pub fn zmq_...`).
fn binding_functions(file: &str) -> Vec<String> {
    let path = Path::new(&crate::cargo_env("CARGO_MANIFEST_DIR"))
        .join("src/bindings")
        .join(file);
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("reading {path:?}: {e}")));
    let mut names: Vec<String> = text
        .split("pub fn ")
        .skip(1)
        .filter_map(|rest| rest.split('(').next())
        .map(str::trim)
        .filter(|n| n.starts_with("zmq_"))
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Link tests against the library pkg-config found, with the target's compiler and pkg-config's
/// flags (compiled and linked, never run): every function the bindings declare must resolve, so a
/// missing one is a clear message here and not an undefined symbol at the final link.
fn probe_symbols(lib: &pkg_config::Library, draft: bool) {
    let out = PathBuf::from(crate::cargo_env("OUT_DIR")).join("system-probe");
    let _ = fs::create_dir_all(&out);
    let stable = binding_functions("stable.rs");
    let draft_only: Vec<String> = if draft {
        let stable_set: std::collections::BTreeSet<&String> = stable.iter().collect();
        binding_functions("draft.rs")
            .into_iter()
            .filter(|n| !stable_set.contains(n))
            .collect()
    } else {
        Vec::new()
    };
    let link = |tag: &str, names: &[String]| -> Result<(), String> {
        let mut program = String::new();
        for n in names {
            program.push_str(&format!("extern void {n}(void);\n"));
        }
        program.push_str("int main(void) {\n    void *volatile p[] = {\n");
        for n in names {
            program.push_str(&format!("        (void *) &{n},\n"));
        }
        program.push_str("    };\n    return p[0] == 0;\n}\n");
        let src = out.join(format!("{tag}.c"));
        fs::write(&src, program).map_err(|e| e.to_string())?;
        let compiler = cc::Build::new()
            .cargo_metadata(false)
            .warnings(false)
            .get_compiler();
        let mut cmd = compiler.to_command();
        cmd.arg(&src).arg("-o").arg(out.join(tag));
        for dir in &lib.link_paths {
            cmd.arg(format!("-L{}", dir.display()));
        }
        for name in &lib.libs {
            cmd.arg(format!("-l{name}"));
        }
        for args in &lib.ld_args {
            cmd.arg(format!("-Wl,{}", args.join(",")));
        }
        match cmd.output() {
            Ok(o) if o.status.success() => Ok(()),
            Ok(o) => Err(String::from_utf8_lossy(&o.stderr).into_owned()),
            Err(e) => Err(format!("running {cmd:?}: {e}")),
        }
    };
    let missing = |names: &[String]| -> Vec<String> {
        std::thread::scope(|scope| {
            let handles: Vec<_> = names
                .iter()
                .map(|n| scope.spawn(move || (n, link(n, std::slice::from_ref(n)))))
                .collect();
            handles
                .into_iter()
                .filter_map(|h| h.join().ok())
                .filter(|(_, r)| r.is_err())
                .map(|(n, _)| n.clone())
                .collect()
        })
    };
    if let Err(e) = link("zmq_version", &["zmq_version".to_owned()]) {
        fail(&format!(
            "ZMQ_SYS_USE_PKG_CONFIG is set and pkg-config found libzmq {}, but a program calling \
             zmq_version does not link against it with the target's compiler:\n{e}",
            lib.version
        ));
    }
    let mut all = stable.clone();
    all.extend(draft_only.iter().cloned());
    if link("all", &all).is_ok() {
        return;
    }
    let stable_missing = missing(&stable);
    let draft_missing = missing(&draft_only);
    let mut msg = format!(
        "ZMQ_SYS_USE_PKG_CONFIG is set, but the system libzmq {} (found by pkg-config) lacks \
         functions this crate binds (link tests against it failed):\n",
        lib.version
    );
    if !stable_missing.is_empty() {
        msg.push_str(&format!("  stable API: {}\n", stable_missing.join(", ")));
    }
    if !draft_missing.is_empty() {
        msg.push_str(&format!(
            "  draft API (feature `draft`): {}\n\n\
             This libzmq was built without the draft API (distribution packages such as Debian's \
             libzmq3-dev are).\nEither turn off the `draft` feature, or use a libzmq {LIBZMQ_VERSION} \
             built with --enable-drafts / -DENABLE_DRAFTS=ON (point PKG_CONFIG_PATH at its \
             libzmq.pc),\nor unset ZMQ_SYS_USE_PKG_CONFIG to build the bundled libzmq \
             {LIBZMQ_VERSION}, whose draft API is complete.",
            draft_missing.join(", ")
        ));
    }
    fail(&msg);
}
