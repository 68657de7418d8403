import AttendCore
import AttendIO
import Foundation

/// `attendctl district define|invite|withdraw|plans`: the district's plans, on a hub (README
/// "District plans"). `district CONF` alone is the roll-up (`ControlTool.district`).
extension ControlTool {
    /// The plan subcommands' first words.
    static let districtPlanWords: Set<String> = ["define", "invite", "withdraw", "plans"]

    func districtPlans(_ word: String, _ arguments: inout ToolArguments) throws -> Int32 {
        switch word {
        case "define":
            var fields = [("title", "--title"), ("date", "--date"), ("parts", "--parts"), ("grace", "--grace"), ("bridges", "--bridges")]
                .compactMap { key, option in arguments.option(option).map { RequestLine.Field(key, $0) } }
            if arguments.flag("--auto") { fields.append(.init("auto", "1")) }
            if arguments.flag("--manual") { fields.append(.init("auto", "0")) }
            let words = try arguments.positional(2...2, usage: "district define CONF --title T --date D --parts P [--grace N] [--bridges all|ID,ID] [--manual]")
            return try send(RequestLine(verb: "PUBLISH", fields: [.init("conf", words[1])] + fields))
        case "withdraw":
            let words = try arguments.positional(2...2, usage: "district withdraw CONF")
            return try send(RequestLine(verb: "WITHDRAW", fields: [.init("conf", words[1])]))
        case "plans":
            let format = arguments.flag("--json") ? "json" : "text"
            let language = arguments.option("--lang") ?? "vi"
            let words = try arguments.positional(2...2, usage: "district plans CONF [--json] [--lang en]")
            return try send(RequestLine(verb: "PLANS", fields: [.init("conf", words[1]), .init("format", format), .init("lang", language)]),
                            printPayloadOnly: true)
        default:
            return try districtInvite(&arguments)
        }
    }

    /// `district invite import FILE.csv --conf CONF [--bridge ID] [--expected ID=N ...]`: the
    /// file is checked here first against the bridge point's rules (every bad row shown with
    /// its line), then the hub checks the bridge-point column against its keys file.
    private func districtInvite(_ arguments: inout ToolArguments) throws -> Int32 {
        let usage = "district invite import FILE.csv --conf CONF [--bridge ID] [--expected ID=N ...] [--category CAT]"
        let conference = arguments.option("--conf")
        let bridge = arguments.option("--bridge")
        let categoryText = arguments.option("--category")
        var expected: [String] = []
        while let given = arguments.option("--expected") { expected.append(given) }
        let words = try arguments.positional(3...3, usage: usage)
        guard words[1] == "import", let conference else { throw UsageError(usage) }
        guard let data = FileManager.default.contents(atPath: words[2]) else {
            printError("attendctl: cannot read \(words[2])")
            return 1
        }
        guard data.count <= Request.maxPlanListBytes else {
            printError("attendctl: \(words[2]) is \(data.count) bytes; the hub takes a list of at most \(Request.maxPlanListBytes) bytes")
            return 1
        }
        var category: DelegateCategory?
        if let categoryText {
            guard let parsed = DelegateCategory.parse(categoryText) else { throw UsageError("unknown category \(categoryText)") }
            category = parsed
        }
        do {
            _ = try InvitedListImport.parse([UInt8](data), file: words[2], defaultCategory: category)
        } catch {
            for problem in error.errors { printError(problem.description) }
            printError("attendctl: nothing imported: fix the rows above and import again")
            return 1
        }
        var fields: [RequestLine.Field] = [.init("conf", conference)]
        if let bridge { fields.append(.init("bridge", bridge)) }
        if !expected.isEmpty { fields.append(.init("expected", expected.joined(separator: ","))) }
        if let category { fields.append(.init("category", category.rawValue)) }
        fields.append(.init("bytes", String(data.count)))
        return try send(RequestLine(verb: "PLANLIST", fields: fields), payload: [UInt8](data))
    }
}
