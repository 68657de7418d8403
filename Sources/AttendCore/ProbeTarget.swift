/// An upstream the daemon checks on its own: the conference bridge, the district.
public struct ProbeTarget: Equatable, Sendable, Codable {
    /// How the target is checked: a TCP connect, or a UDP `PING` answered by a datagram
    /// (an attendd district hub answers one).
    public enum Method: String, Sendable, Codable { case tcp, udp }

    public var name: String
    /// A dotted IPv4 address.
    public var host: String
    public var port: Int
    public var method: Method

    public init(name: String, host: String, port: Int, method: Method) {
        self.name = name
        self.host = host
        self.port = port
        self.method = method
    }

    /// Parses `bridge 203.0.113.5:443 tcp`; returns what is wrong otherwise.
    public static func parse(_ text: String) -> Result<ProbeTarget, ProbeTargetError> {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count == 3 else {
            return .failure(ProbeTargetError("\"\(text)\" should be NAME HOST:PORT tcp|udp"))
        }
        guard let method = Method(rawValue: words[2]) else {
            return .failure(ProbeTargetError("target \(words[0]): method must be tcp or udp, got \(words[2])"))
        }
        guard let (host, port) = IPv4Range.parseHostPort(words[1]) else {
            return .failure(ProbeTargetError("target \(words[0]): \(words[1]) is not IPV4:PORT"))
        }
        return .success(ProbeTarget(name: words[0], host: host, port: port, method: method))
    }
}

/// Why a probe target could not be read.
public struct ProbeTargetError: Error, Equatable {
    public let message: String
    init(_ message: String) { self.message = message }
}
