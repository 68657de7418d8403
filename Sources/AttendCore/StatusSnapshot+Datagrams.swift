extension StatusSnapshot {
    /// UDP: datagrams read, replies that could not be sent, and datagrams the kernel dropped
    /// before attendd could read them (its receive buffer was full: a flood, or a stall).
    public struct DatagramStatus: Codable, Equatable, Sendable {
        public var received: Int
        /// Replies `sendto` refused (the socket's send buffer was full); the terminal retries.
        public var repliesDropped: Int
        /// The kernel's drop count for the socket (`SO_MEMINFO`); nil where it cannot be read.
        public var kernelDrops: Int?

        public init(received: Int, repliesDropped: Int, kernelDrops: Int?) {
            self.received = received
            self.repliesDropped = repliesDropped
            self.kernelDrops = kernelDrops
        }
    }

    /// The UDP figures for the textfile collector.
    func datagramFamilies(_ out: inout PrometheusWriter) {
        guard let datagrams else { return }
        out.family("attendd_udp_datagrams_received_total", .counter, "UDP datagrams read.",
                   [([:], String(datagrams.received))])
        out.family("attendd_udp_replies_dropped_total", .counter, "UDP replies that could not be sent.",
                   [([:], String(datagrams.repliesDropped))])
        if let drops = datagrams.kernelDrops {
            out.family("attendd_udp_kernel_drops_total", .counter, "UDP datagrams the kernel dropped before attendd read them.",
                       [([:], String(drops))])
        }
    }
}
