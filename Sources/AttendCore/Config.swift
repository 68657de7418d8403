/// The daemon's settings, read from `attendd.conf` (INI: `[section]`, `key = value`, `#` comments).
///
/// Every field has a default so an empty file is a valid configuration.
public struct Config: Equatable, Sendable {
    /// `[daemon] site_name`: this attendd's name in printed reports: the bridge point's hall
    /// (`Hội trường Huyện ủy Tây Sơn`) or, on a hub, the district (`Huyện ủy Tây Sơn`). Default empty.
    public var siteName: String = ""
    /// `[daemon] reports_dir`: where attendd keeps every conference's report files (HTML, CSV,
    /// JSON, xlsx) and `index.html` up to date for a web server to serve; empty (the default)
    /// writes none.
    public var reportsDirectory: String = ""
    /// `[report] issuer`: the issuing body's lines on printed reports (`|`-separated); they win
    /// over `site_name` in the masthead. Default none.
    public var reportIssuer: [String] = []
    /// `[report] symbol`: `-BC/HU`, after the report's number in `Số: 190-BC/HU`. Default empty (no line).
    public var reportSymbol: String = ""
    /// `[report] place`: `Tây Sơn`, before the date. Default empty.
    public var reportPlace: String = ""
    /// `[report] signer`: the signature block's lines, the name last. Default none (the generic block).
    public var reportSigner: [String] = []
    /// `[report] recipients`: `Nơi nhận`'s lines. Default none (the report's own).
    public var reportRecipients: [String] = []

    /// `[events] spool`: the folder attendd writes each event into (a report arrived, a hall
    /// missing, an incident opened) for the `attendd-events.path` unit. Default empty: no events.
    public var eventsSpool: String = ""

    /// The `[report]` section as the printed reports take it.
    public var reportHeading: ReportHeading {
        ReportHeading(issuer: reportIssuer, symbol: reportSymbol, place: reportPlace, signer: reportSigner, recipients: reportRecipients)
    }
    /// `[storage] state_dir`: holds `attendd.db`. Default `$STATE_DIRECTORY`, else `/var/lib/attendd`.
    public var stateDirectory: String
    /// `[daemon] runtime_dir`: the control socket and status files.
    /// Default `$RUNTIME_DIRECTORY`, else `/run/attendd`.
    public var runtimeDirectory: String
    /// `[listen] address`: the IPv4 address for both TCP and UDP. Default `0.0.0.0`.
    public var listenAddress: String = "0.0.0.0"
    /// `[listen] port`: one port for TCP and UDP; 0 picks a free one (tests). Default 7400.
    public var port: Int = 7400
    /// `[limits] max_line_bytes`: longer lines get `ERR too_long`. Default 1024.
    public var maxLineBytes: Int = 1024
    /// `[limits] max_connections`: TCP connections beyond it get `ERR busy` and are closed. Default 1024.
    public var maxConnections: Int = 1024
    /// `[limits] idle_timeout`: seconds a TCP connection may stay silent. Default 300.
    public var idleTimeoutSeconds: Int = 300
    /// `[limits] max_pipeline`: unanswered requests per TCP connection before reading pauses. Default 1024.
    public var maxPipeline: Int = 1024
    /// `[limits] max_connection_buffer`: bytes one TCP connection may hold buffered (an
    /// unfinished line or payload, unsent replies); past it the connection is closed. The
    /// control socket is bound by the global budget only. Default 5 MiB (a 4 MiB tally fits).
    public var maxConnectionBufferBytes: Int = 5 << 20
    /// `[limits] max_input_buffer`: bytes all connections together may hold buffered; past it
    /// the biggest unfinished payloads are shed. Default 96 MiB (16 tallies of 4 MiB at once,
    /// and a 16 MiB invited list).
    public var maxInputBufferBytes: Int = 96 << 20
    /// `[limits] payload_timeout`: seconds from a line announcing `bytes=N` to the payload's
    /// last byte; a connection still waiting then is closed. Default 60.
    public var payloadTimeoutSeconds: Int = 60
    /// `[limits] rate_per_source`: requests per second per source address; 0 means no limit. Default 200.
    public var ratePerSource: Int = 200
    /// `[limits] rate_burst`: how many requests a source may send at once above its rate. Default 1000.
    public var rateBurst: Int = 1000
    /// `[terminals] allow`: terminal ids allowed to check in; nil (key absent) allows any.
    public var allowedTerminals: Set<String>? = nil
    /// `[terminals] from`: source address ranges terminals may talk from; nil (key absent) allows any.
    public var terminalSources: [IPv4Range]? = nil
    /// `[terminals] keys_file`: per-terminal keys (`TERM HEXKEY`), not readable by others; a
    /// terminal listed there must sign every line. Empty: no terminal signs.
    public var terminalKeysFile: String = ""
    /// `[terminals] unsigned`: once any terminal has a key, the terminals still allowed to write
    /// (and to FIND) without one; nil (key absent): none.
    public var unsignedTerminals: Set<String>? = nil
    /// `[terminals] replay_window`: a signed line whose `seq` is more than this below the
    /// terminal's highest is refused as a replay. Default 1000.
    public var replayWindow: Int = 1000
    /// `[terminals] void_minutes`: how long after a check-in the terminal that made it may
    /// `VOID` it (the control socket may at any time). Default 10.
    public var voidMinutes: Int = 10
    /// `[status] json_file`: the JSON status file; relative paths are under `runtime_dir`.
    public var statusFile: String = "status.json"
    /// `[status] prometheus_file`: the node_exporter textfile; empty to disable.
    public var prometheusFile: String = "attendd.prom"
    /// `[log] level`: debug, info, warning or error. Default info.
    public var logLevel: LogLevel = .info
    /// `[push] to`: the district hub's `IPV4:PORT`; empty: tallies are not pushed. Default empty.
    public var pushTo: String = ""
    /// `[push] bridge_id`: this bridge point's id at the district (its line in the keys file).
    public var bridgeID: String = ""
    /// `[push] timeout`: seconds to wait for the hub's reply before the attempt counts as failed. Default 15.
    public var pushTimeoutSeconds: Int = 15
    /// `[push] poll`: seconds between a bridge point's polls of its hub for the district's plans. Default 60.
    public var pushPollSeconds: Int = 60
    /// `[push] live_interval`: seconds between live summaries while a conference is open.
    public var pushLiveIntervalSeconds: Int = 60
    /// `[push] clock_offset_limit`: seconds of clock offset between a bridge point and its hub
    /// beyond which both ends flag it (status, metrics, the board). Default 30.
    public var clockOffsetLimitSeconds: Int = 30
    /// `[push] keys_file` / `[hub] keys_file`: the shared secrets (`ID HEXKEY [NAME]` lines), not
    /// readable by others. A hub accepts tallies only from the bridge points listed in its file.
    public var pushKeysFile: String = ""
    public var hubKeysFile: String = ""
    /// `[hub] report_delay`: minutes after a conference's first closed (final) tally arrives before the bridge
    /// points that have not reported it are named as missing. Default 60.
    public var hubReportDelayMinutes: Int = 60
    /// `[year] attention_rate`: `attendctl year` names a member whose rate is under this percent (0: off).
    public var yearAttentionRate: Int = 80
    /// `[year] attention_unexcused`: ... with this many absences without an excuse or more (0: off).
    public var yearAttentionUnexcused: Int = 2
    /// `[year] attention_reflection`: ... with a reflection so graded or missing (`none`: off).
    public var yearAttentionReflection: String = "chưa đạt, missing"
    /// `[probes] targets`: `NAME HOST:PORT tcp|udp, ...` checked on their own. Default none.
    public var probeTargets: [ProbeTarget] = []
    /// `[probes] interval`: seconds between two checks of a target. Default 5.
    public var probeIntervalSeconds: Int = 5
    /// `[probes] timeout_ms`: a check not answered in this time failed. Default 1000.
    public var probeTimeoutMilliseconds: Int = 1000
    /// `[probes] fail_after`: consecutive failures that open a `line_down` incident. Default 3.
    public var probeFailAfter: Int = 3
    /// `[probes] recover_after`: consecutive successes that close it again. Default 5.
    public var probeRecoverAfter: Int = 5
    /// `[probes] degraded_rtt_ms`: round trips slower than this (5 in a row) are `degraded`. Default 300.
    public var probeDegradedRTTMilliseconds: Int = 300

    public init(stateDirectory: String, runtimeDirectory: String) {
        self.stateDirectory = stateDirectory
        self.runtimeDirectory = runtimeDirectory
    }

    /// The defaults, with directories taken from systemd's environment when it sets them.
    public static func defaults(environment: [String: String]) -> Config {
        Config(
            stateDirectory: environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init) ?? "/var/lib/attendd",
            runtimeDirectory: environment["RUNTIME_DIRECTORY"]?.split(separator: ":").first.map(String.init) ?? "/run/attendd")
    }

    /// The SQLite database file.
    public var databasePath: String { stateDirectory + "/attendd.db" }
    /// The control socket.
    public var controlSocketPath: String { runtimeDirectory + "/control.sock" }
    /// The JSON status file, resolved against the runtime directory.
    public var statusPath: String { resolve(statusFile) }
    /// The Prometheus textfile, resolved, or nil when disabled.
    public var prometheusPath: String? { prometheusFile.isEmpty ? nil : resolve(prometheusFile) }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : runtimeDirectory + "/" + path
    }
}

/// How much the daemon logs.
public enum LogLevel: String, CaseIterable, Comparable, Sendable {
    case debug, info, warning, error

    /// The systemd/syslog priority prefix for journald (`<7>` debug ... `<3>` error).
    public var priority: Int {
        switch self {
        case .debug: return 7
        case .info: return 6
        case .warning: return 4
        case .error: return 3
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.priority > b.priority }
}

/// All the problems found in one configuration file.
public struct ConfigErrors: Error, Equatable, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public init(_ errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
