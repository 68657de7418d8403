extension StatusSnapshot {
    /// The events spool's counts since start (`[events] spool`, README "Telling people").
    public struct EventSpoolStatus: Codable, Equatable, Sendable {
        /// Event files written new.
        public var written: Int
        /// Events that replaced a waiting file of the same kind, conference and hall.
        public var coalesced: Int
        /// Events dropped: the spool held its limit of files, or too many waited for its thread.
        public var dropped: Int
        /// Event files that could not be written (the folder missing, full, not writable).
        public var failed: Int

        public init(written: Int, coalesced: Int, dropped: Int, failed: Int) {
            self.written = written
            self.coalesced = coalesced
            self.dropped = dropped
            self.failed = failed
        }
    }

    /// The events spool's figures for the textfile collector.
    func eventFamilies(_ out: inout PrometheusWriter) {
        guard let events else { return }
        out.family("attendd_events_written_total", .counter, "Event files written into the spool.", [([:], String(events.written))])
        out.family("attendd_events_coalesced_total", .counter, "Events that replaced a waiting file of the same kind, conference and hall.",
                   [([:], String(events.coalesced))])
        out.family("attendd_events_dropped_total", .counter, "Events dropped because the spool was full.", [([:], String(events.dropped))])
        out.family("attendd_events_failed_total", .counter, "Event files that could not be written.", [([:], String(events.failed))])
    }
}
