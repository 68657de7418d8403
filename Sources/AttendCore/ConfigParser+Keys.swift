/// The table of `attendd.conf`'s keys: one row per key with its section, name, kind of value
/// (and range), the field of `Config` it sets (whose initial value is the default) and what a
/// reload does with it. The parser, the reload (`Config.reloaded(from:)`), attendd.conf(5) and
/// README's table are all checked against these rows; a row cannot be written without saying
/// whether a reload takes it.
extension ConfigParser {
    /// The sections in the order the example file and messages list them.
    static let sections: [Section] = [
        Section("daemon", [
            .directory("runtime_dir", \.runtimeDirectory, reload: .atRestart(.daemon)),
            .siteName("site_name", \.siteName, reload: .atRestart(.daemon)),
            // The report files and index.html a web server serves (README "Report files").
            .path("reports_dir", \.reportsDirectory, mayBeEmpty: true, reload: .atRestart(.daemon)),
        ]),
        Section("storage", [.directory("state_dir", \.stateDirectory, reload: .atRestart(.storage))]),
        Section("listen", [
            .ipv4Address("address", \.listenAddress, reload: .atRestart(.listen)),
            .number("port", 0...65535, \.port, reload: .atRestart(.listen)),
        ]),
        Section("limits", [
            .number("max_line_bytes", 64...1_048_576, \.maxLineBytes, reload: .applies),
            .number("max_connections", 1...100_000, \.maxConnections, reload: .applies),
            .number("idle_timeout", 1...86_400, \.idleTimeoutSeconds, reload: .applies),
            .number("max_pipeline", 1...65_536, \.maxPipeline, reload: .applies),
            .number("max_connection_buffer", 65_536...1 << 30, \.maxConnectionBufferBytes, reload: .applies),
            .number("max_input_buffer", 65_536...1 << 34, \.maxInputBufferBytes, reload: .applies),
            .number("payload_timeout", 1...3600, \.payloadTimeoutSeconds, reload: .applies),
            .number("rate_per_source", 0...1_000_000, \.ratePerSource, reload: .applies),
            .number("rate_burst", 1...10_000_000, \.rateBurst, reload: .applies),
        ]),
        Section("terminals", [
            .terminalList("allow", \.allowedTerminals, reload: .applies),
            .sourceRanges("from", \.terminalSources, reload: .applies),
            .path("keys_file", \.terminalKeysFile, mayBeEmpty: true, reload: .applies),
            .terminalList("unsigned", \.unsignedTerminals, whenEmpty: "remove the key: then no terminal writes unsigned", reload: .applies),
            .number("replay_window", 1...1_000_000_000, \.replayWindow, reload: .applies),
            // Handed to the writer at start, like [push].
            .number("void_minutes", 1...1440, \.voidMinutes, reload: .atRestart(.voidMinutes)),
        ]),
        Section("status", [
            .path("json_file", \.statusFile, mayBeEmpty: false, reload: .applies),
            .path("prometheus_file", \.prometheusFile, mayBeEmpty: true, reload: .applies),
        ]),
        Section("log", [.logLevel("level", \.logLevel, reload: .applies)]),
        Section("push", [
            .hostPort("to", \.pushTo, reload: .atRestart(.push)),
            .identifier("bridge_id", \.bridgeID, reload: .atRestart(.push)),
            .path("keys_file", \.pushKeysFile, mayBeEmpty: true, reload: .atRestart(.push)),
            .number("timeout", 1...300, \.pushTimeoutSeconds, reload: .atRestart(.push)),
            // The district's plans (README "District plans").
            .number("poll", 1...3600, \.pushPollSeconds, reload: .atRestart(.push)),
            .number("live_interval", 1...3600, \.pushLiveIntervalSeconds, reload: .applies),
            .number("clock_offset_limit", 1...86_400, \.clockOffsetLimitSeconds, reload: .atRestart(.push)),
        ]),
        Section("hub", [
            .path("keys_file", \.hubKeysFile, mayBeEmpty: true, reload: .atRestart(.hub)),
            .number("report_delay", 0...10_080, \.hubReportDelayMinutes, reload: .atRestart(.hub)),
        ]),
        // Issue 21: read by attendctl at each `year` (and sent with the request), so a reload has nothing to wait for.
        Section("year", [
            .number("attention_rate", 0...100, \.yearAttentionRate, reload: .applies),
            .number("attention_unexcused", 0...1000, \.yearAttentionUnexcused, reload: .applies),
            .reflectionAttention("attention_reflection", \.yearAttentionReflection, reload: .applies),
        ]),
        Section("probes", [
            .probeTargets("targets", \.probeTargets, reload: .atRestart(.probes)),
            .number("interval", 1...3600, \.probeIntervalSeconds, reload: .atRestart(.probes)),
            .number("timeout_ms", 10...60_000, \.probeTimeoutMilliseconds, reload: .atRestart(.probes)),
            .number("fail_after", 1...100, \.probeFailAfter, reload: .atRestart(.probes)),
            .number("recover_after", 1...100, \.probeRecoverAfter, reload: .atRestart(.probes)),
            .number("degraded_rtt_ms", 1...60_000, \.probeDegradedRTTMilliseconds, reload: .atRestart(.probes)),
        ]),
        // The printed reports' official heading and signature (README "A report ready to sign").
        Section("report", [
            .lines("issuer", \.reportIssuer, maxLines: 3, reload: .atRestart(.report)),
            .siteName("symbol", \.reportSymbol, reload: .atRestart(.report)),
            .siteName("place", \.reportPlace, reload: .atRestart(.report)),
            .lines("signer", \.reportSigner, maxLines: 4, reload: .atRestart(.report)),
            .lines("recipients", \.reportRecipients, maxLines: 12, reload: .atRestart(.report)),
        ]),
        // Events for the district's own tools (README "Telling people").
        Section("events", [.path("spool", \.eventsSpool, mayBeEmpty: true, reload: .atRestart(.events))]),
    ]

    /// One `[section]` and the keys it accepts.
    struct Section: Sendable {
        let name: String
        let keys: [Key]

        init(_ name: String, _ keys: [Key]) {
            self.name = name
            self.keys = keys
        }

        func key(named name: String) -> Key? { keys.first { $0.name == name } }
    }

    /// What a reload (SIGHUP, `RELOAD`) does with a key's new value.
    enum Reload: Equatable, Sendable {
        /// The running daemon takes it at once.
        case applies
        /// It was handed at start to a part that keeps it (a socket, a directory, the writer,
        /// the pusher, the probes): a changed value waits for a restart, and the reload says so.
        case atRestart(RestartNotice)
    }

    /// How a reload names what waits for a restart; the cases are in the order the warning
    /// lists them.
    enum RestartNotice: String, CaseIterable, Sendable {
        case daemon = "[daemon]"
        case storage = "[storage]"
        case voidMinutes = "[terminals] void_minutes"
        case listen = "[listen]"
        case push = "[push]"
        case hub = "[hub]"
        case probes = "[probes]"
        case report = "[report]"
        case events = "[events]"
    }

    /// One key: its name, how its (unquoted) value is checked and stored, and what a reload does.
    struct Key: Sendable {
        let name: String
        let reload: Reload
        /// Stores the value, or returns what is wrong with it, worded to follow `[section] key`.
        let apply: @Sendable (String, inout Config) -> String?
        /// Copies this key's field from the first config into the second.
        let take: @Sendable (Config, inout Config) -> Void
        /// Whether the two configs hold different values of this key's field.
        let differs: @Sendable (Config, Config) -> Bool
        /// The field's name in `Config`, for the tests that check every field has one row.
        let field: PartialKeyPath<Config> & Sendable

        /// A key setting `field`; `take` and `differs` are derived from it.
        init<Value: Equatable & Sendable>(
            name: String, field: WritableKeyPath<Config, Value> & Sendable, reload: Reload,
            apply: @escaping @Sendable (String, inout Config) -> String?
        ) {
            self.name = name
            self.reload = reload
            self.apply = apply
            self.field = field
            take = { fresh, config in config[keyPath: field] = fresh[keyPath: field] }
            differs = { a, b in a[keyPath: field] != b[keyPath: field] }
        }
    }
}
