import AttendCore
import AttendIO
import Glibc

extension Daemon {
    /// Binds TCP and UDP on one port. With port 0 the kernel picks the TCP port and UDP takes
    /// the same number; if that is taken for UDP, another pick is tried.
    func bindNetwork() throws(SystemError) {
        var attempts = config.port == 0 ? 20 : 1
        while true {
            let tcp = try Sockets.tcpListener(address: config.listenAddress, port: config.port)
            let chosen = Sockets.localPort(tcp)
            do {
                udpSocket = try Sockets.udpSocket(address: config.listenAddress, port: chosen)
                tcpListener = tcp
                port = chosen
                break
            } catch {
                close(tcp)
                attempts -= 1
                if attempts == 0 || error.errno != EADDRINUSE { throw error }
            }
        }
        try loop.add(tcpListener, events: EventLoop.readable, token: Token.tcpListener)
        try loop.add(udpSocket, events: EventLoop.readable, token: Token.udp)
    }

    /// Binds the control socket (mode 0660), replacing a stale file left by a crash.
    func bindControlSocket() throws(SystemError) {
        let path = config.controlSocketPath
        if access(path, F_OK) == 0 {
            if Sockets.unixSocketIsLive(path) {
                throw SystemError("bind", errno: EADDRINUSE, detail: "\(path) (another attendd answers there)")
            }
            unlink(path)
        }
        controlListener = try Sockets.unixListener(path: path, mode: 0o660)
        try loop.add(controlListener, events: EventLoop.readable, token: Token.controlListener)
    }

    /// The sockets as the status file lists them.
    var listeners: [StatusSnapshot.Listener] {
        guard !stopping else { return [] }
        return [
            .init(proto: "tcp", address: "\(config.listenAddress):\(port)"),
            .init(proto: "udp", address: "\(config.listenAddress):\(port)"),
            .init(proto: "unix", address: config.controlSocketPath),
        ]
    }
}
