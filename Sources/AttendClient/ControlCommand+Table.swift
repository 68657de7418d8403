import AttendCore
import Foundation

extension ControlCommand {
    /// Every subcommand of `attendctl`, in the order the usage text and the completion list
    /// them. Adding one adds its row here, its handler (`ControlTool+Handlers.swift`, or in the
    /// row when it is one line), its `.TP` entry in attendctl(8) and its word and options in the
    /// bash completion; `ControlCommandTableTests` fails on a row missing from any of them.
    static let table: [ControlCommand] = [
        // MARK: conferences
        ControlCommand(
            name: "define", section: .conferences,
            usage: [
                "  define CONF [--title T] [--date YYYY-MM-DD] [--parts \"Sáng 07:30-11:30, Chiều 13:30-17:00\"]",
                "         [--grace MIN] [--expected N] [--reflection-due YYYY-MM-DD] [--auto | --manual]",
                "                                         define or change a conference's plan; --auto opens it",
                "                                         an hour before its first part and closes it after its last",
            ],
            options: ["--title", "--date", "--parts", "--grace", "--expected", "--reflection-due", "--auto", "--manual"],
            reach: .verbs(["DEFINE"]), run: { try $0.define(&$1) }),
        ControlCommand(
            name: "conferences", section: .conferences,
            usage: ["  conferences                            every conference: id, date, state, parts, invited, came, title"],
            reach: .verbs(["CONFERENCES"]), run: { try $0.conferences(&$1) }),
        ControlCommand(
            name: "open", section: .conferences,
            usage: ["  open CONF [TITLE]                      open a conference (created if new); check-ins go to it"],
            reach: .verbs(["OPEN"]), run: { try $0.open(&$1) }),
        ControlCommand(
            name: "close", section: .conferences,
            usage: ["  close [CONF]                           close the open conference"],
            reach: .verbs(["CLOSE"]), run: { try $0.close(&$1) }),

        // MARK: invited lists and excuses
        ControlCommand(
            name: "invite", section: .invitedLists,
            usage: [
                "  invite import FILE [--conf CONF] [--category CAT] [--sheet NAME] [--encoding ENC]",
                "                                         replace the invited list from a CSV or .xlsx (all rows checked first)",
            ],
            options: ["--conf", "--category", "--sheet", "--encoding"],
            reach: .verbs(["INVITE"]), run: { try $0.invite(&$1) }),
        ControlCommand(
            name: "excuse", section: .invitedLists,
            usage: ["  excuse ID REASON [--conf CONF]         record why an invited delegate is absent (\"\" withdraws)"],
            options: ["--conf"],
            reach: .verbs(["EXCUSE"]), run: { try $0.excuse(&$1) }),
        ControlCommand(
            name: "reflection", section: .invitedLists,
            usage: [
                "  reflection import FILE --conf CONF [--sheet NAME] [--encoding ENC]",
                "                                         record the reflections handed in (id, date, grade) from a CSV or .xlsx",
                "  reflection set CONF ID --date YYYY-MM-DD [--grade GRADE] | --none",
                "                                         one reflection (grade: đạt, cơ bản đạt, chưa đạt); --none: not handed in",
            ],
            options: ["--conf", "--sheet", "--encoding", "--date", "--grade", "--none"],
            reach: .verbs(["REFLECT"]), run: { try $0.reflection(&$1) }),
        ControlCommand(
            name: "find", section: .invitedLists,
            usage: ["  find NAME [--conf CONF]                invited delegates by name, without diacritics (\"nguyen van an\")"],
            options: ["--conf"],
            reach: .verbs(["FIND"]), run: { try $0.find(&$1) }),
        ControlCommand(
            name: "sheet", section: .invitedLists,
            usage: [
                "  sheet CONF [--part NAME] --html FILE [--blank N] [--lang en]",
                "                                         the printable sign-in sheet of each part (A4), kept by attendd",
                "                                         with its numbering and a code; N blank rows (default 20)",
            ],
            options: ["--part", "--html", "--blank", "--lang"],
            reach: .verbs(["SHEET"]), run: { try $0.sheet(&$1) }),

        // MARK: incidents
        ControlCommand(
            name: "incident", section: .incidents,
            usage: [
                "  incident start KIND [--note TEXT]      sound, picture or line lost (audio_lost, video_lost, line_down,",
                "                                         degraded, power); starting one already open changes nothing",
                "  incident end KIND                      it is back",
                "  incident list                          open incidents and those of the last 7 days",
            ],
            options: ["--note"],
            reach: .verbs(["INCIDENT", "INCIDENTS"]), run: { try $0.incident(&$1) }),
        ControlCommand(
            name: "linetest", section: .incidents,
            usage: ["  linetest [--seconds N]                 the day-before line test against the probe targets (default 60 s)"],
            options: ["--seconds"],
            reach: .verbs(["LINETEST"]), run: { try $0.linetest(&$1) }),

        // MARK: check-ins by hand
        ControlCommand(
            name: "checkin", section: .checkInsByHand,
            usage: ["  checkin ID [--term T] [--at HH:MM]     check a delegate in (--at: from a paper sheet)"],
            options: ["--term", "--at"],
            reach: .verbs(["CHECKIN"]), run: { try $0.check(&$1) }),
        ControlCommand(
            name: "checkout", section: .checkInsByHand,
            usage: ["  checkout ID [--term T] [--at HH:MM]    check a delegate out"],
            options: ["--term", "--at"],
            reach: .verbs(["CHECKOUT"]), run: { try $0.check(&$1) }),
        ControlCommand(
            name: "paper", section: .checkInsByHand,
            usage: [
                "  paper CONF --sheet CODE --at HH:MM [NUMBERS...] [--yes] [--lang en]",
                "                                         type a signed sheet in: its numbers as ticked (3 4 7-12 15,",
                "                                         7-12@07:52, 21=ID for a blank row); shown, confirmed, stored once",
            ],
            options: ["--sheet", "--at", "--yes", "--lang"],
            reach: .verbs(["PAPER"]), run: { try $0.paper(&$1) }),
        ControlCommand(
            name: "void", section: .checkInsByHand,
            usage: [
                "  void EVENT REASON                      take a check-in back (event= of its reply); it stays",
                "                                         stored with who voided it and why, and counts for nothing",
            ],
            reach: .verbs(["VOID"]), run: { try $0.void(&$1) }),
        ControlCommand(
            name: "voids", section: .checkInsByHand,
            usage: ["  voids [CONF]                           voided events: event, conf, id, in/out, received, voided, by, reason"],
            reach: .verbs(["VOIDS"]), run: { try $0.voids(&$1) }),
        ControlCommand(
            name: "terminal", section: .checkInsByHand,
            usage: [
                "  terminal --term ID [--host IPV4 [--port P] | --data DIR] [--queue FILE] [--key FILE]",
                "                                         the operator's full-screen check-in terminal (see README)",
            ],
            options: ["--term", "--host", "--port", "--data", "--queue", "--key"],
            // Over its own link (TCP or the control socket), as a terminal does.
            reach: .verbs(["CHECKIN", "CHECKOUT", "FIND", "INCIDENT", "EXCUSE", "VOID", "SUMMARY"]),
            run: { tool, arguments in
                let options = try TerminalProgram.options(&arguments, config: tool.config, environment: ProcessInfo.processInfo.environment)
                return TerminalProgram(options: options).run()
            }),

        // MARK: reports
        ControlCommand(
            name: "report", section: .reports,
            usage: [
                "  report [CONF] [--csv | --json] [--lang en]   the tally (default: the open or last closed conference)",
                "  report [CONF] --html FILE [--lang en] [--number N]",
                "                                         the tally as a printable report (A4, with the presence chart;",
                "                                         --number: its number before [report] symbol, else blank)",
                "  report [CONF] --xlsx FILE [--lang en]  the tally as an Excel workbook, one sheet per section",
            ],
            options: ["--csv", "--json", "--html", "--lang", "--xlsx", "--number"],
            reach: .verbs(["REPORT"]), run: { try $0.report(&$1) }),
        ControlCommand(
            name: "delegate", section: .reports,
            usage: ["  delegate ID                            one delegate's attendance across conferences"],
            reach: .verbs(["HISTORY"]), run: { try $0.delegate(&$1) }),
        ControlCommand(
            name: "year", section: .reports,
            usage: [
                "  year YEAR [--from DATE --to DATE] [--unit UNIT] [--category CAT] [--csv | --json] [--lang en]",
                "                                         each member's year: per delegate, unit and category, invited,",
                "                                         present, late, absent, rate against 98%/90%, reflections",
                "  year YEAR [...] --html FILE | --xlsx FILE  the printed form for the evaluation, or a workbook",
                "                                         (on a hub: across its bridge points, partial halls named)",
            ],
            options: ["--from", "--to", "--unit", "--category", "--csv", "--json", "--html", "--xlsx", "--lang"],
            reach: .verbs(["YEAR"]), run: { try $0.year(&$1) }),
        ControlCommand(
            name: "cards", section: .reports,
            usage: [
                "  cards CONF --html FILE [--year YYYY] [--lang en]",
                "                                         delegate cards to print, ten an A4 page with cut marks: name,",
                "                                         unit, id as QR and Code 128 (--year: valid that year, not one",
                "                                         conference)",
                "  cards CONF --html FILE --invitation [--lang en]",
                "                                         an invitation (giấy mời) per delegate, two an A4 page",
                "  cards CONF --html FILE [--invitation] --bridge ID",
                "                                         on a hub: every hall of a published conference, each on its",
                "                                         own pages (--bridge: that hall's only)",
            ],
            options: ["--html", "--invitation", "--year", "--lang", "--bridge"],
            reach: .verbs(["ROSTER"]), run: { try $0.cards(&$1) }),

        // MARK: the district
        ControlCommand(
            name: "outbox", section: .district,
            usage: ["  outbox                                 tallies waiting for the district, and those it has"],
            reach: .verbs(["OUTBOX"]), run: { try $0.outbox(&$1) }),
        ControlCommand(
            name: "district", section: .district,
            usage: [
                "  district CONF [--csv | --json] [--lang en]",
                "                                         on a hub: the roll-up of its bridge points' newest tallies,",
                "                                         who announced and who is missing",
                "  district CONF --html FILE [--lang en] [--number N]",
                "                                         the same as a printable district report",
                "  district CONF --xlsx FILE [--lang en]  the same as an Excel workbook",
                "  district define CONF --title T --date YYYY-MM-DD --parts \"...\" [--grace MIN] [--bridges all|ID,ID] [--manual]",
                "                                         on a hub: publish a conference's plan to its bridge points",
                "  district define CONF --reflection-due YYYY-MM-DD|\"\"",
                "                                         the reflections' due date in the plan (\"\" removes it)",
                "  district invite import FILE.csv|FILE.xlsx --conf CONF [--bridge ID] [--expected ID=N ...] [--sheet NAME]",
                "                                         the district's list, by its Điểm cầu column (or one hall's)",
                "  district withdraw CONF                 cancel a published conference at every bridge point",
                "  district plans CONF [--json]           the day-before board: revision applied, list, counts, clock",
            ],
            options: [
                "--csv", "--json", "--html", "--lang", "--xlsx", "--number", "--title", "--date", "--parts", "--grace", "--bridges", "--auto", "--manual", "--conf", "--reflection-due",
                "--bridge", "--expected", "--category", "--sheet", "--encoding",
            ],
            reach: .verbs(["DISTRICT", "PUBLISH", "PLANLIST", "WITHDRAW", "PLANS"]), run: { try $0.district(&$1) }),

        // MARK: the daemon
        ControlCommand(
            name: "status", section: .daemon,
            usage: ["  status [--json]                        the daemon's status, from its status file"],
            options: ["--json"],
            reach: .local, run: { tool, arguments in tool.status(json: arguments.flag("--json")) }),
        ControlCommand(
            name: "ping", section: .daemon,
            usage: ["  ping                                   check that attendd answers"],
            reach: .verbs(["PING"]), run: { tool, _ in try tool.send(RequestLine(verb: "PING")) }),
        ControlCommand(
            name: "reload", section: .daemon,
            usage: ["  reload                                 re-read the configuration, as SIGHUP does"],
            reach: .verbs(["RELOAD"]), run: { tool, _ in try tool.send(RequestLine(verb: "RELOAD")) }),
        ControlCommand(
            name: "send", section: .daemon,
            usage: ["  send LINE                              send one protocol line and print the reply"],
            reach: .anyLine, run: { try $0.sendLine(&$1) }),
        ControlCommand(
            name: "backup", section: .daemon,
            usage: ["  backup FILE                            a consistent copy of the database, taken while attendd runs"],
            reach: .local, run: { try $0.backup(&$1) }),
    ]
}
