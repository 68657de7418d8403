import AttendCore
import AttendIO
import Glibc

/// The daemon's three sockets: the TCP listener and the UDP socket on one port, and the
/// control socket. It binds them, registers them with the loop, closes them, and lists them
/// for the status file.
final class Listeners {
    private let loop: EventLoop
    private let listenAddress: String
    private let controlSocketPath: String
    private(set) var tcpListener: Int32 = -1
    /// Read and answered by `Datagrams`; closed here.
    private(set) var udpSocket: Int32 = -1
    private(set) var controlListener: Int32 = -1
    /// The TCP and UDP port actually bound (the configured one, or the kernel's pick for 0).
    private(set) var port = 0
    /// Past `closeForStop()`: no new connection or datagram is taken.
    private(set) var isClosed = false

    /// Binds the three sockets and registers them with `loop` under `Daemon.Token`'s tokens.
    init(config: Config, loop: EventLoop) throws(SystemError) {
        self.loop = loop
        listenAddress = config.listenAddress
        controlSocketPath = config.controlSocketPath
        try bindNetwork(port: config.port)
        try bindControlSocket()
    }

    /// Binds TCP and UDP on one port. With port 0 the kernel picks the TCP port and UDP takes
    /// the same number; if that is taken for UDP, another pick is tried.
    private func bindNetwork(port configured: Int) throws(SystemError) {
        var attempts = configured == 0 ? 20 : 1
        while true {
            let tcp = try Sockets.tcpListener(address: listenAddress, port: configured)
            let chosen = Sockets.localPort(tcp)
            do {
                udpSocket = try Sockets.udpSocket(address: listenAddress, port: chosen)
                tcpListener = tcp
                port = chosen
                break
            } catch {
                close(tcp)
                attempts -= 1
                if attempts == 0 || error.errno != EADDRINUSE { throw error }
            }
        }
        try loop.add(tcpListener, events: EventLoop.readable, token: Daemon.Token.tcpListener)
        try loop.add(udpSocket, events: EventLoop.readable, token: Daemon.Token.udp)
    }

    /// Binds the control socket (mode 0660), replacing a stale file left by a crash.
    private func bindControlSocket() throws(SystemError) {
        let path = controlSocketPath
        if access(path, F_OK) == 0 {
            if Sockets.unixSocketIsLive(path) {
                throw SystemError("bind", errno: EADDRINUSE, detail: "\(path) (another attendd answers there)")
            }
            unlink(path)
        }
        controlListener = try Sockets.unixListener(path: path, mode: 0o660)
        try loop.add(controlListener, events: EventLoop.readable, token: Daemon.Token.controlListener)
    }

    /// A stop began: the listeners close and the control socket's file goes; the UDP socket
    /// leaves the loop but stays open until `closeUDP()`, so late replies can still be sent.
    func closeForStop() {
        isClosed = true
        for fd in [tcpListener, controlListener] where fd >= 0 {
            loop.remove(fd)
            close(fd)
        }
        tcpListener = -1
        controlListener = -1
        unlink(controlSocketPath)
        loop.remove(udpSocket)
    }

    /// The last step of a stop: the UDP socket closes.
    func closeUDP() {
        if udpSocket >= 0 { close(udpSocket) }
    }

    /// The sockets as the status file lists them: none once a stop began.
    var statusListing: [StatusSnapshot.Listener] {
        guard !isClosed else { return [] }
        return [
            .init(proto: "tcp", address: "\(listenAddress):\(port)"),
            .init(proto: "udp", address: "\(listenAddress):\(port)"),
            .init(proto: "unix", address: controlSocketPath),
        ]
    }

    /// The kernel's count of datagrams dropped at the UDP socket: `SO_MEMINFO` (Linux 4.6),
    /// whose ninth figure is `SK_MEMINFO_DROPS`. Needs no /proc, which the unit hides.
    func udpKernelDrops() -> Int? {
        let soMeminfo: Int32 = 55
        var figures = [UInt32](repeating: 0, count: 9)
        var length = socklen_t(figures.count * MemoryLayout<UInt32>.size)
        guard udpSocket >= 0, getsockopt(udpSocket, SOL_SOCKET, soMeminfo, &figures, &length) == 0,
              Int(length) >= figures.count * MemoryLayout<UInt32>.size
        else { return nil }
        return Int(figures[8])
    }
}
