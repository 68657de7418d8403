/// The language of a report for people: Vietnamese (the default) or English.
public enum ReportLanguage: String, Sendable, CaseIterable, Codable {
    case vietnamese = "vi"
    case english = "en"
}
