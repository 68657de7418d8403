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
            var fields = [("title", "--title"), ("date", "--date"), ("parts", "--parts"), ("grace", "--grace"), ("bridges", "--bridges"),
                          ("reflection_due", "--reflection-due")]
                .compactMap { key, option in arguments.option(option).map { RequestLine.Field(key, $0) } }
            if arguments.flag("--auto") { fields.append(.init("auto", "1")) }
            if arguments.flag("--manual") { fields.append(.init("auto", "0")) }
            let words = try arguments.positional(2...2, usage: "district define CONF --title T --date D --parts P [--grace N] [--bridges all|ID,ID] [--manual] [--reflection-due D]")
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

    /// `district invite import FILE.csv|FILE.xlsx --conf CONF [--bridge ID] [--expected ID=N ...]`:
    /// the file (a CSV in UTF-8, UTF-16 or Windows-1258, or a workbook's sheet) is checked here
    /// first against the bridge point's rules, through the same function as `invite import`
    /// (every bad row shown with its line or cell), then sent as UTF-8 CSV with its line numbers
    /// kept (`DistrictListSource`), and the hub checks the bridge-point column against its keys file.
    private func districtInvite(_ arguments: inout ToolArguments) throws -> Int32 {
        let usage = "district invite import FILE.csv|FILE.xlsx --conf CONF [--bridge ID] [--expected ID=N ...] [--category CAT] "
            + "[--sheet NAME] [--encoding utf-8|utf-16|windows-1258]"
        let conference = arguments.option("--conf")
        let bridge = arguments.option("--bridge")
        let categoryText = arguments.option("--category")
        let sheet = arguments.option("--sheet")
        let encodingText = arguments.option("--encoding")
        var expected: [String] = []
        while let given = arguments.option("--expected") { expected.append(given) }
        let words = try arguments.positional(3...3, usage: usage)
        guard words[1] == "import", let conference else { throw UsageError(usage) }
        let file = words[2]
        guard let listFile = try readListFile(file, category: categoryText, encoding: encodingText, sheet: sheet, csvLimit: Request.maxPlanListBytes, tooBig: {
            "the hub takes a list of at most \($1) bytes"
        }) else { return 1 }
        let (bytes, isWorkbook, category, encoding) = (listFile.bytes, listFile.isWorkbook, listFile.category, listFile.encoding)
        let read: DistrictListSource.Read
        do {
            read = try DistrictListSource.read(bytes, file: file, workbook: isWorkbook, sheet: sheet, encoding: encoding, defaultCategory: category)
        } catch {
            for problem in error.errors { printError(problem.description) }
            printError("attendctl: nothing imported: fix the rows above and import again")
            return 1
        }
        guard read.csv.count <= Request.maxPlanListBytes else {
            printError("attendctl: the list in \(file) is \(read.csv.count) bytes as CSV; the hub takes at most \(Request.maxPlanListBytes) bytes: split it by bridge point (--bridge)")
            return 1
        }
        let list = read.list
        printChecked(list, file: file)
        var fields: [RequestLine.Field] = [.init("conf", conference)]
        if let bridge { fields.append(.init("bridge", bridge)) }
        if !expected.isEmpty { fields.append(.init("expected", expected.joined(separator: ","))) }
        if let category { fields.append(.init("category", category.rawValue)) }
        fields.append(.init("bytes", String(read.csv.count)))
        return try send(RequestLine(verb: "PLANLIST", fields: fields), payload: read.csv)
    }
}
