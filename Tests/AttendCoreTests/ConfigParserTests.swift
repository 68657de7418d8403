import Foundation
import Testing

@testable import AttendCore

/// Parses `text` as `test.conf` with the given environment.
private func parse(_ text: String, environment: [String: String] = [:]) throws(ConfigErrors) -> Config {
    try ConfigParser.parse(text, file: "test.conf", environment: environment)
}

/// The errors `text` produces; empty when it parses.
private func errors(_ text: String) -> [ConfigError] {
    do {
        _ = try parse(text)
        return []
    } catch {
        return error.errors
    }
}

/// A configuration that should fail with one error on `line` whose message contains `message`.
struct BadConfig: Sendable, CustomTestStringConvertible {
    var text: String
    var line: Int
    var message: String
    var testDescription: String { text.debugDescription }

    init(_ text: String, line: Int, _ message: String) {
        self.text = text
        self.line = line
        self.message = message
    }
}

@Suite struct ConfigParserTests {
    // MARK: Defaults

    @Test func emptyFileGivesDefaults() throws {
        let config = try parse("")
        #expect(config == Config.defaults(environment: [:]))
        #expect(config.stateDirectory == "/var/lib/attendd")
        #expect(config.runtimeDirectory == "/run/attendd")
        #expect(config.listenAddress == "0.0.0.0")
        #expect(config.port == 7400)
        #expect(config.allowedTerminals == nil)
        #expect(config.logLevel == .info)
    }

    @Test func blankAndCommentOnlyFileGivesDefaults() throws {
        #expect(try parse("\n   \n# nothing\n; here\n\t\n") == Config.defaults(environment: [:]))
    }

    @Test func directoriesComeFromSystemdEnvironment() throws {
        let environment = ["STATE_DIRECTORY": "/var/lib/attendd-test", "RUNTIME_DIRECTORY": "/run/a:/run/b"]
        let config = try parse("", environment: environment)
        #expect(config.stateDirectory == "/var/lib/attendd-test")
        #expect(config.runtimeDirectory == "/run/a")
    }

    @Test func fileOverridesEnvironment() throws {
        let environment = ["STATE_DIRECTORY": "/env/state", "RUNTIME_DIRECTORY": "/env/run"]
        let config = try parse("[storage]\nstate_dir = /file/state\n[daemon]\nruntime_dir = /file/run\n", environment: environment)
        #expect(config.stateDirectory == "/file/state")
        #expect(config.runtimeDirectory == "/file/run")
    }

    // MARK: Every key

    @Test func everyKeyIsParsed() throws {
        let text = """
            [daemon]
            runtime_dir = /tmp/run
            [storage]
            state_dir = /tmp/state
            [listen]
            address = 127.0.0.1
            port = 0
            [limits]
            max_line_bytes = 64
            max_connections = 100000
            idle_timeout = 86400
            max_pipeline = 65536
            rate_per_source = 0
            rate_burst = 10000000
            [terminals]
            allow = hall-a-1, hall-b-2 ,gate3
            [status]
            json_file = /srv/status.json
            prometheus_file = metrics/attendd.prom
            [log]
            level = debug
            """
        var expected = Config(stateDirectory: "/tmp/state", runtimeDirectory: "/tmp/run")
        expected.listenAddress = "127.0.0.1"
        expected.port = 0
        expected.maxLineBytes = 64
        expected.maxConnections = 100_000
        expected.idleTimeoutSeconds = 86_400
        expected.maxPipeline = 65_536
        expected.ratePerSource = 0
        expected.rateBurst = 10_000_000
        expected.allowedTerminals = ["hall-a-1", "hall-b-2", "gate3"]
        expected.statusFile = "/srv/status.json"
        expected.prometheusFile = "metrics/attendd.prom"
        expected.logLevel = .debug
        let config = try parse(text)
        #expect(config == expected)
        #expect(config.statusPath == "/srv/status.json")
        #expect(config.prometheusPath == "/tmp/run/metrics/attendd.prom")
    }

    @Test(arguments: LogLevel.allCases) func everyLogLevel(level: LogLevel) throws {
        #expect(try parse("[log]\nlevel = \(level.rawValue)").logLevel == level)
    }

    @Test func emptyPrometheusFileDisablesIt() throws {
        #expect(try parse("[status]\nprometheus_file =\n").prometheusPath == nil)
        #expect(try parse("[status]\nprometheus_file = \"\"\n").prometheusPath == nil)
    }

    @Test func quotesAreStripped() throws {
        let config = try parse("[status]\njson_file = \"my status.json\"\n[log]\nlevel = \"warning\"")
        #expect(config.statusFile == "my status.json")
        #expect(config.logLevel == .warning)
    }

    @Test func aSectionMayBeRepeated() throws {
        let config = try parse("[listen]\nport = 1\n[log]\nlevel = error\n[listen]\naddress = 10.0.0.1")
        #expect(config.port == 1)
        #expect(config.listenAddress == "10.0.0.1")
    }

    @Test(arguments: ["0.0.0.0", "127.0.0.1", "255.255.255.255", "10.20.30.40", "192.168.0.100"])
    func validAddresses(address: String) throws {
        #expect(try parse("[listen]\naddress = \(address)").listenAddress == address)
    }

    // MARK: Encoding and comments

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let config = try parse("\u{FEFF}[listen]\r\nport = 8000\r\n\r\n[log]\r\nlevel = error\r\n")
        #expect(config.port == 8000)
        #expect(config.logLevel == .error)
    }

    @Test func lineNumbersCountCRLFLines() {
        let found = errors("\u{FEFF}# header\r\n[listen]\r\n\r\nport = x\r\n")
        #expect(found.map(\.line) == [4])
    }

    @Test func commentsAreIgnored() throws {
        let text = """
            # a comment
            ; another
                # indented
            [listen]   # a header comment
            port = 7500  # a value comment
            address = 127.0.0.1\t# after a tab
            [status]
            json_file = status#1.json
            prometheus_file = "a #b.prom"  # the quoted # stays
            """
        let config = try parse(text)
        #expect(config.port == 7500)
        #expect(config.listenAddress == "127.0.0.1")
        #expect(config.statusFile == "status#1.json")
        #expect(config.prometheusFile == "a #b.prom")
    }

    // MARK: Errors

    static let badConfigs: [BadConfig] = [
        BadConfig("[listen]\n[limit]\nport = 1", line: 2, "unknown section [limit]; valid sections are [daemon], [storage]"),
        BadConfig("[limits]\nmax_lines = 5", line: 2,
                  "[limits] unknown key max_lines; valid keys are max_line_bytes, max_connections, idle_timeout"),
        BadConfig("# top\nport = 7400", line: 2, "key port is outside any section; put it under [listen]"),
        BadConfig("colour = blue", line: 1, "key colour is outside any section; put it under a [section] header"),
        BadConfig("[listen]\nport 7400", line: 2, "expected a [section] header or a key = value line, got \"port 7400\""),
        BadConfig("[listen\nport = 1", line: 1, "expected a [section] header, got \"[listen\""),
        BadConfig("[listen]\n = 7400", line: 2, "expected a key before \"=\""),
        BadConfig("[listen]\nport = 1\n\nport = 2", line: 4, "[listen] port is set twice; it was first set on line 2"),
        BadConfig("[log]\nlevel = info\n[listen]\n[log]\nlevel = debug", line: 5, "[log] level is set twice; it was first set on line 2"),
        BadConfig("[listen]\nport = -1", line: 2, "[listen] port must be a whole number from 0 to 65535, got \"-1\""),
        BadConfig("[listen]\nport = 65536", line: 2, "[listen] port must be a whole number from 0 to 65535, got \"65536\""),
        BadConfig("[listen]\nport = +80", line: 2, "[listen] port must be a whole number"),
        BadConfig("[listen]\nport =", line: 2, "[listen] port must be a whole number from 0 to 65535, got \"\""),
        BadConfig("[limits]\nrate_burst = 99999999999999999999999", line: 2, "[limits] rate_burst must be a whole number"),
        BadConfig("[listen]\naddress = localhost", line: 2,
                  "[listen] address must be a dotted IPv4 address such as 0.0.0.0 or 127.0.0.1, got \"localhost\""),
        BadConfig("[listen]\naddress = 1.2.3", line: 2, "[listen] address must be a dotted IPv4 address"),
        BadConfig("[listen]\naddress = 1.2.3.256", line: 2, "[listen] address must be a dotted IPv4 address"),
        BadConfig("[listen]\naddress = 1.2.3.4.5", line: 2, "[listen] address must be a dotted IPv4 address"),
        BadConfig("[listen]\naddress = 1..3.4", line: 2, "[listen] address must be a dotted IPv4 address"),
        BadConfig("[listen]\naddress = 010.0.0.1", line: 2, "[listen] address must be a dotted IPv4 address"),
        BadConfig("[listen]\naddress = ::1", line: 2, "[listen] address must be a dotted IPv4 address"),
        BadConfig("[listen]\naddress = 1.2.3.-4", line: 2, "[listen] address must be a dotted IPv4 address"),
        BadConfig("[listen]\naddress =", line: 2, "[listen] address must be a dotted IPv4 address"),
        BadConfig("[log]\nlevel = verbose", line: 2, "[log] level must be one of debug, info, warning, error, got \"verbose\""),
        BadConfig("[log]\nlevel = INFO", line: 2, "[log] level must be one of debug, info, warning, error, got \"INFO\""),
        BadConfig("[storage]\nstate_dir =", line: 2, "[storage] state_dir must not be empty"),
        BadConfig("[daemon]\nruntime_dir = \"\"", line: 2, "[daemon] runtime_dir must not be empty"),
        BadConfig("[status]\njson_file =", line: 2, "[status] json_file must not be empty"),
        BadConfig("[status]\njson_file = \"status.json", line: 2,
                  "[status] json_file has an opening double quote but no closing one"),
        BadConfig("[terminals]\nallow =", line: 2, "[terminals] allow is empty; remove the key to allow any terminal"),
        BadConfig("[terminals]\nunsigned =", line: 2, "[terminals] unsigned is empty; remove the key: then no terminal writes unsigned"),
        BadConfig("[terminals]\nunsigned = hall-3 hall-4", line: 2, "contains whitespace"),
        BadConfig("[terminals]\nallow = a,,b", line: 2, "[terminals] allow has an empty item"),
        BadConfig("[terminals]\nallow = a, b,", line: 2, "[terminals] allow has an empty item"),
        BadConfig("[terminals]\nallow = hall a, b", line: 2, "[terminals] allow id \"hall a\" contains whitespace"),
        BadConfig("[terminals]\nallow = \(String(repeating: "x", count: 65))", line: 2, "is longer than 64 bytes"),
    ]

    @Test(arguments: badConfigs) func errorNamesLineAndKey(bad: BadConfig) {
        let found = errors(bad.text)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.line == bad.line)
        #expect(found.first?.file == "test.conf")
        #expect(found.first?.message.contains(bad.message) == true, "\(found.first?.message ?? "no error")")
    }

    /// Every numeric key, just outside each end of its range, and a word.
    @Test(arguments: [
        ("listen", "port", 0, 65535),
        ("limits", "max_line_bytes", 64, 1_048_576),
        ("limits", "max_connections", 1, 100_000),
        ("limits", "idle_timeout", 1, 86_400),
        ("limits", "max_pipeline", 1, 65_536),
        ("limits", "rate_per_source", 0, 1_000_000),
        ("limits", "rate_burst", 1, 10_000_000),
    ])
    func numbersAreRangeChecked(section: String, key: String, low: Int, high: Int) throws {
        let message = "[\(section)] \(key) must be a whole number from \(low) to \(high), got"
        for bad in ["\(low - 1)", "\(high + 1)", "abc", "1.5", "1e3", "1_000"] {
            let found = errors("[\(section)]\n\n\(key) = \(bad)")
            #expect(found.map(\.line) == [3])
            #expect(found.first?.message == "\(message) \"\(bad)\"")
        }
        for good in [low, high] {
            #expect(errors("[\(section)]\n\(key) = \(good)").isEmpty)
        }
    }

    @Test func messageReadsFileLineMessage() {
        let text = String(repeating: "\n", count: 10) + "[limits]\nmax_line_bytes = abc\n"
        do {
            _ = try ConfigParser.parse(text, file: "attendd.conf", environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "attendd.conf:12: [limits] max_line_bytes must be a whole number from 64 to 1048576, got \"abc\"")
        }
    }

    @Test func keysUnderAnUnknownSectionAreNotReportedAgain() {
        let found = errors("[limit]\nmax_line_bytes = 1\nfoo = bar\n[log]\nlevel = loud")
        #expect(found.map(\.line) == [1, 5])
    }

    @Test func allErrorsAreReportedTogether() {
        let text = """
            port = 1
            [listen]
            port = 99999
            address = 1.2.3.4
            address = 5.6.7.8
            [limits]
            what = 1
            idle_timeout = 0
            [nope]
            x = 1
            [log]
            level = loud
            just words
            """
        let found = errors(text)
        #expect(found.map(\.line) == [1, 3, 5, 7, 8, 9, 12, 13])
        #expect(found[1].message.hasPrefix("[listen] port "))
        #expect(found[2].message.hasPrefix("[listen] address is set twice"))
        #expect(found[3].message.hasPrefix("[limits] unknown key what"))
        #expect(found[4].message.hasPrefix("[limits] idle_timeout "))
        do {
            _ = try parse(text)
        } catch {
            #expect(error.description.split(separator: "\n").count == 8)
            #expect(error.description.hasPrefix("test.conf:1: key port is outside any section"))
        }
    }

    // MARK: The shipped example

    /// `config/attendd.conf` in this repository.
    private static var exampleFile: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/attendd.conf")
    }

    @Test func exampleConfigParsesToTheDefaults() throws {
        let text = try String(contentsOf: Self.exampleFile, encoding: .utf8)
        let config = try ConfigParser.parse(text, file: "attendd.conf", environment: [:])
        #expect(config == Config.defaults(environment: [:]))
    }

    @Test func exampleConfigMentionsEveryKey() throws {
        let text = try String(contentsOf: Self.exampleFile, encoding: .utf8)
        for section in ConfigParser.sections {
            #expect(text.contains("[\(section.name)]\n"), "missing [\(section.name)]")
            for key in section.keys {
                #expect(text.contains("\n\(key.name) = ") || text.contains("\n#\(key.name) = "), "missing \(key.name)")
            }
        }
    }

    @Test func exampleConfigWithAllowUncommentedParses() throws {
        let text = try String(contentsOf: Self.exampleFile, encoding: .utf8)
            .replacingOccurrences(of: "\n#allow = ", with: "\nallow = ")
        let config = try ConfigParser.parse(text, file: "attendd.conf", environment: [:])
        #expect(config.allowedTerminals?.isEmpty == false)
    }

    @Test func aReloadTakesLimitsTerminalsStatusAndLogAndKeepsWhatRunningPartsHold() throws {
        let running = try ConfigParser.parse(
            "[limits]\nrate_per_source = 10\n[push]\nto = 192.0.2.1:7400\n[probes]\ninterval = 5\n", file: "a", environment: [:])
        let fresh = try ConfigParser.parse("""
            [daemon]
            site_name = Hội trường
            [limits]
            rate_per_source = 50
            [terminals]
            allow = t1
            [log]
            level = debug
            [push]
            to = 192.0.2.2:7400
            [probes]
            interval = 9
            """, file: "b", environment: [:])
        let (next, unchanged) = running.reloaded(from: fresh)
        #expect(next.ratePerSource == 50)
        #expect(next.allowedTerminals == ["t1"])
        #expect(next.logLevel == .debug)
        #expect(next.pushTo == "192.0.2.1:7400")
        #expect(next.probeIntervalSeconds == 5)
        #expect(next.siteName == "")
        #expect(unchanged == ["[daemon]", "[push]", "[probes]"])
        #expect(running.reloaded(from: running).unchanged.isEmpty)
    }
}
