/// The words people read (the reports, the terminal's screen and messages), one table per language (`MessageCatalog+Vietnamese.swift`,
/// `MessageCatalog+English.swift`), looked up by `MessageKey` through `ReportLanguage.text`.
///
/// A message with numbers or names in it is a template: `{0}`, `{1}`… stand for its arguments,
/// already formatted by the caller (numbers in the language's style, names HTML-escaped where
/// the form needs it), so a translation can put them in any order. `MessageCatalogTests` fails
/// when a key lacks a translation or the two languages disagree on a template's arguments.
enum MessageCatalog {
    /// The table for `language`.
    static func table(_ language: ReportLanguage) -> [MessageKey: String] {
        switch language {
        case .vietnamese: return vietnamese
        case .english: return english
        }
    }

    /// `template` with each `{n}` replaced by `arguments[n]`, in one pass, so an argument that
    /// itself holds `{1}` (a name from another machine) is never substituted again.
    static func fill(_ template: String, _ arguments: [String]) -> String {
        guard !arguments.isEmpty else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let index = Int(rest[afterOpen..<close]),
               arguments.indices.contains(index) {
                result += arguments[index]
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("{")
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// The argument numbers a template uses (`{0}`, `{1}`…), for the catalog's test.
    static func placeholders(_ template: String) -> Set<Int> {
        var found: Set<Int> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
            if let index = Int(rest[afterOpen..<close]) { found.insert(index) }
            rest = rest[afterOpen...]
        }
        return found
    }
}

extension ReportLanguage {
    /// The message `key` in this language, its `{n}` filled with `arguments`.
    func text(_ key: MessageKey, _ arguments: String...) -> String {
        text(key, arguments: arguments)
    }

    /// The message `key` in this language, its `{n}` filled with `arguments`.
    func text(_ key: MessageKey, arguments: [String]) -> String {
        guard let template = MessageCatalog.table(self)[key] else {
            preconditionFailure("message \(key.rawValue) has no \(rawValue) translation")  // MessageCatalogTests prevents this
        }
        return MessageCatalog.fill(template, arguments)
    }
}

extension DelegateCategory {
    /// The category's name in `language`.
    func label(_ language: ReportLanguage) -> String {
        language == .vietnamese ? vietnameseLabel : englishLabel
    }
}

extension IncidentSource {
    /// Who reported an incident, as the reports name it (`người vận hành`, `thiết bị`, `tự kiểm tra`).
    var messageKey: MessageKey {
        switch self {
        case .operator: return .sourceOperator
        case .terminal: return .sourceTerminal
        case .probe: return .sourceProbe
        }
    }
}
