//! Private network namespaces for the PGM tests, so that no multicast ever leaves this machine's
//! loopback or reaches a real interface.
//!
//! - [`NetNs`]: one namespace (`ip netns add`), its `lo` up with the MULTICAST flag and a route for
//!   224.0.0.0/4 on it. Deleted on drop (also when a test panics); names carry the pid, and
//!   namespaces left behind by a killed test process are removed the next time one is created.
//! - [`Topology`]: hosts joined by veth pairs to a bridge (multicast snooping off) in a hub
//!   namespace; host *i* (1-based) has `veth0` with 10.99.0.*i*/24 and the multicast route on it.
//! - [`spawn_in`]/[`run_in`]: run a closure on a new thread that has joined a namespace
//!   (`setns`); threads libzmq starts from it (I/O threads, the reaper) inherit the namespace, so
//!   a `Context` whose first socket is created there never touches the host's interfaces.
//! - [`NetNs::command`]/[`exec`]: child processes under `ip netns exec`. Each namespace gets an
//!   `/etc/netns/<name>/nsswitch.conf` with `hosts: files` (bind-mounted over `/etc/nsswitch.conf`
//!   by `ip netns exec` only): OpenPGM resolves an interface *name* (`epgm://veth0;...`) as a
//!   host name first, and with the host's resolver, unreachable from the namespace, that fails
//!   with `EAI_AGAIN` and libzmq answers `EINVAL`. Threads of this process ([`spawn_in`]) keep
//!   the process's resolver, so in-process code must name interfaces by address (10.99.0.N,
//!   127.0.0.1); OpenPGM never accepts a loopback device by name anyway.
//! - [`ready`]: whether namespace tests can run here (root, `ip`, PGM in the build); skips the
//!   test with the reason when not (a failure when `CI=true`, see `skip.rs`).
#![allow(dead_code)]

use std::net::Ipv4Addr;
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;
use std::thread::JoinHandle;

/// Every namespace these tests create is called `zmqpgm-<pid>-<n>-<tag>`.
pub const PREFIX: &str = "zmqpgm";

/// Name lookups of `ip netns exec` children: local files only, never DNS.
const NSSWITCH: &str = "hosts: files\nnetworks: files\n";

/// Why namespace tests cannot run on this machine, if they cannot.
pub fn unavailable() -> Option<String> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some("needs root to create network namespaces".into());
    }
    match Command::new("ip").arg("-V").output() {
        Ok(o) if o.status.success() => {}
        _ => return Some("needs the `ip` command (iproute2)".into()),
    }
    if !zmq::has("pgm") {
        return Some("needs a libzmq with PGM (feature `pgm` is off)".into());
    }
    None
}

/// Skips the calling test (see [`super::skip`]; a failure when `CI=true`).
pub fn skip(reason: &str) {
    super::skip::skip(reason);
}

/// `true` when namespace tests can run; otherwise skips the calling test (see [`skip`]).
pub fn ready() -> bool {
    super::skip::unless(unavailable())
}

/// Whether `program` can be run (for optional tools such as `nft`).
pub fn have_tool(program: &str, version_arg: &str) -> bool {
    Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let shown = format!("{cmd:?}");
    let out = cmd.output().map_err(|e| format!("{shown}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{shown}: {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The inode of a network namespace file (`/run/netns/x`, `/proc/thread-self/ns/net`).
fn ns_inode(path: &str) -> u64 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("stat {path}: {e}"))
        .ino()
}

/// Whether the calling thread is in a network namespace other than the one the process started
/// in (the main thread's, which these tests never change).
pub fn in_private_netns() -> bool {
    ns_inode("/proc/thread-self/ns/net") != ns_inode("/proc/self/ns/net")
}

/// Panics unless the calling thread has joined a private namespace. Called before every
/// `Context` that may touch PGM.
pub fn assert_isolated() {
    assert!(
        in_private_netns(),
        "refusing to use PGM outside a private network namespace"
    );
}

/// Deletes namespaces left behind by test processes that no longer exist (killed by a timeout
/// or a signal, so their `Drop` never ran).
fn remove_stale() {
    let Ok(dir) = std::fs::read_dir("/run/netns") else {
        return;
    };
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&format!("{PREFIX}-")) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = Command::new("ip").args(["netns", "del", &name]).output();
            let _ = std::fs::remove_dir_all(format!("/etc/netns/{name}"));
        }
    }
}

/// A network namespace created for one test; deleted on drop.
#[derive(Debug)]
pub struct NetNs {
    name: String,
}

impl NetNs {
    /// A namespace whose `lo` is up, has the MULTICAST flag and carries 224.0.0.0/4.
    pub fn new(tag: &str) -> NetNs {
        let ns = NetNs::bare(tag);
        ns.ip(&["link", "set", "lo", "multicast", "on"]);
        ns.ip(&["route", "add", "224.0.0.0/4", "dev", "lo"]);
        ns
    }

    /// A namespace whose `lo` is up but has no MULTICAST flag (the kernel's default).
    pub fn bare(tag: &str) -> NetNs {
        static CLEAN: Once = Once::new();
        static N: AtomicUsize = AtomicUsize::new(0);
        CLEAN.call_once(remove_stale);
        let name = format!(
            "{PREFIX}-{}-{}-{tag}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        run(Command::new("ip").args(["netns", "add", &name]))
            .unwrap_or_else(|e| panic!("creating namespace {name}: {e}"));
        // From here on, Drop removes it, also if the next steps panic.
        let ns = NetNs { name };
        // For `ip netns exec` children: no DNS (see the module doc).
        let etc = ns.etc_dir();
        std::fs::create_dir_all(&etc)
            .and_then(|()| std::fs::write(etc.join("nsswitch.conf"), NSSWITCH))
            .unwrap_or_else(|e| panic!("{}: {e}", etc.display()));
        ns.ip(&["link", "set", "lo", "up"]);
        ns
    }

    /// `/etc/netns/<name>`: files `ip netns exec` mounts over `/etc`.
    fn etc_dir(&self) -> PathBuf {
        PathBuf::from(format!("/etc/netns/{}", self.name))
    }

    /// The namespace's name (as `ip netns list` shows it).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `/run/netns/<name>`, the file `setns` opens.
    pub fn path(&self) -> PathBuf {
        PathBuf::from(format!("/run/netns/{}", self.name))
    }

    /// `ip -n <name> <args>`; panics on failure. Returns stdout.
    pub fn ip(&self, args: &[&str]) -> String {
        run(Command::new("ip").arg("-n").arg(&self.name).args(args))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// `ip -n <name> <args>`, returning the failure instead of panicking.
    pub fn try_ip(&self, args: &[&str]) -> Result<String, String> {
        run(Command::new("ip").arg("-n").arg(&self.name).args(args))
    }

    /// A command that runs `program` inside the namespace (`ip netns exec <name> <program>`).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.name]).arg(program);
        cmd
    }

    /// Runs `program args` inside the namespace; panics when it fails. Returns stdout.
    pub fn sh(&self, program: &str, args: &[&str]) -> String {
        run(self.command(program).args(args)).unwrap_or_else(|e| panic!("{e}"))
    }
}

impl Drop for NetNs {
    fn drop(&mut self) {
        // Threads still inside keep the namespace alive until they end; the name goes now.
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .output();
        let _ = std::fs::remove_dir_all(self.etc_dir());
    }
}

/// Runs `program args` inside `ns` and returns its output (whatever its exit status).
pub fn exec(ns: &NetNs, program: &str, args: &[&str]) -> Output {
    ns.command(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("ip netns exec {} {program}: {e}", ns.name()))
}

/// Joins the calling thread to the namespace at `path` and checks that it did.
fn enter(path: &std::path::Path) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    // SAFETY: setns on a namespace file we hold open; affects only the calling thread.
    let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
    assert_eq!(
        rc,
        0,
        "setns {}: {}",
        path.display(),
        std::io::Error::last_os_error()
    );
    assert_eq!(
        ns_inode("/proc/thread-self/ns/net"),
        ns_inode(&path.to_string_lossy()),
        "setns did not move this thread into {}",
        path.display()
    );
    assert_isolated();
}

/// Runs `f` on a new thread that has joined `ns` first. Threads it starts (and libzmq's I/O
/// threads, if its `Context` creates its first socket there) inherit the namespace.
pub fn spawn_in<T: Send + 'static>(
    ns: &NetNs,
    f: impl FnOnce() -> T + Send + 'static,
) -> JoinHandle<T> {
    let path = ns.path();
    std::thread::Builder::new()
        .name(format!("in-{}", ns.name()))
        .spawn(move || {
            enter(&path);
            f()
        })
        .expect("spawn namespace thread")
}

/// [`spawn_in`] and wait for the result; a panic on that thread is re-raised here.
pub fn run_in<T: Send + 'static>(ns: &NetNs, f: impl FnOnce() -> T + Send + 'static) -> T {
    spawn_in(ns, f)
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// One host of a [`Topology`].
#[derive(Debug)]
pub struct Host {
    /// The host's namespace.
    pub ns: NetNs,
    /// Its address on `veth0`, 10.99.0.N.
    pub addr: Ipv4Addr,
}

impl Host {
    /// The interface joined to the hub's bridge. By name it works in `ip netns exec` children
    /// only; in-process threads use [`Host::addr`] (see the module doc).
    pub const IFACE: &'static str = "veth0";
}

/// Hosts joined by veth pairs to a bridge `br0` (multicast snooping off, so every multicast
/// frame is flooded to every port) in a hub namespace. Host *i* (1-based) owns `veth0` with
/// 10.99.0.*i*/24, multicast on, and a route for 224.0.0.0/4 through it; its hub end is `p<i>`.
/// Everything is deleted on drop.
#[derive(Debug)]
pub struct Topology {
    /// The hosts, in order (host 1 first).
    pub hosts: Vec<Host>,
    /// The namespace holding the bridge.
    pub hub: NetNs,
}

impl Topology {
    /// Creates `n` hosts (2 or 3 in these tests) and the hub.
    pub fn new(tag: &str, n: usize) -> Topology {
        assert!((1..=250).contains(&n));
        let hub = NetNs::bare(&format!("{tag}-hub"));
        hub.ip(&[
            "link",
            "add",
            "br0",
            "type",
            "bridge",
            "mcast_snooping",
            "0",
        ]);
        hub.ip(&["link", "set", "br0", "up"]);
        let mut topo = Topology {
            hosts: Vec::new(),
            hub,
        };
        for i in 1..=n {
            let ns = NetNs::new(&format!("{tag}-h{i}"));
            let port = format!("p{i}");
            let addr = Ipv4Addr::new(10, 99, 0, i as u8);
            topo.hub.ip(&[
                "link",
                "add",
                &port,
                "type",
                "veth",
                "peer",
                "name",
                Host::IFACE,
                "netns",
                ns.name(),
            ]);
            topo.hub.ip(&["link", "set", &port, "master", "br0"]);
            topo.hub
                .ip(&["link", "set", &port, "multicast", "on", "up"]);
            ns.ip(&["addr", "add", &format!("{addr}/24"), "dev", Host::IFACE]);
            ns.ip(&["link", "set", Host::IFACE, "multicast", "on", "up"]);
            ns.ip(&["route", "replace", "224.0.0.0/4", "dev", Host::IFACE]);
            topo.hosts.push(Host { ns, addr });
        }
        topo
    }

    /// Host `i`, 1-based.
    pub fn host(&self, i: usize) -> &Host {
        &self.hosts[i - 1]
    }

    /// Every namespace name (hub last), e.g. to check they are gone.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.hosts.iter().map(|h| h.ns.name().to_owned()).collect();
        v.push(self.hub.name().to_owned());
        v
    }
}

/// Names from `ip netns list` that start with `prefix`.
pub fn listed(prefix: &str) -> Vec<String> {
    let out = run(Command::new("ip").args(["netns", "list"])).unwrap_or_default();
    out.lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| n.starts_with(prefix))
        .map(str::to_owned)
        .collect()
}
