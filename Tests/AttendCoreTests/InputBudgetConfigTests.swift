import Testing

@testable import AttendCore

/// The `[limits]` keys of the input budget: defaults that let 16 honest 4 MiB pushes through
/// at once, and errors named by line.
@Suite struct InputBudgetConfigTests {
    private func errors(_ text: String) -> [ConfigError] {
        do {
            _ = try ConfigParser.parse(text, file: "test.conf", environment: [:])
            return []
        } catch {
            return error.errors
        }
    }

    @Test func defaultsHoldSixteenFullTalliesAtOnce() throws {
        let config = try ConfigParser.parse("", file: "test.conf", environment: [:])
        #expect(config.maxConnectionBufferBytes >= Tally.maxJSONBytes + config.maxLineBytes)
        #expect(config.maxInputBufferBytes >= 16 * (Tally.maxJSONBytes + config.maxLineBytes) + Request.maxInviteBytes)
        #expect(config.payloadTimeoutSeconds == 60)
    }

    @Test func theKeysAreRead() throws {
        let config = try ConfigParser.parse(
            "[limits]\nmax_connection_buffer = 65536\nmax_input_buffer = 1048576\npayload_timeout = 5\n", file: "test.conf", environment: [:])
        #expect(config.maxConnectionBufferBytes == 65_536)
        #expect(config.maxInputBufferBytes == 1_048_576)
        #expect(config.payloadTimeoutSeconds == 5)
    }

    @Test func badValuesAreNamedByLine() {
        let found = errors("[limits]\nmax_connection_buffer = 100\npayload_timeout = 0\nmax_input_buffer = lots\n")
        #expect(found.map(\.line) == [2, 3, 4])
        #expect(found[0].message.contains("[limits] max_connection_buffer must be a whole number from 65536"))
        #expect(found[1].message.contains("[limits] payload_timeout must be a whole number from 1 to 3600"))
        #expect(found[2].message.contains("[limits] max_input_buffer"))
    }

    @Test func oneConnectionsBudgetMustFitInTheTotal() {
        let found = errors("[limits]\nmax_input_buffer = 1048576\n\nmax_connection_buffer = 2097152\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.message.contains("max_input_buffer (1048576) is smaller than max_connection_buffer (2097152)") == true)
        // Only the per-connection key set: its line is named.
        #expect(errors("[limits]\n\nmax_connection_buffer = 200000000\n").first?.line == 3)
    }
}
