import Foundation

/// The grade of a written reflection (bài thu hoạch), at the documents' three levels.
public enum ReflectionGrade: String, CaseIterable, Sendable, Codable {
    case passed = "dat"
    case basicallyPassed = "co_ban_dat"
    case notPassed = "chua_dat"

    /// The grade as the documents write it: `đạt`, `cơ bản đạt`, `chưa đạt`.
    public var vietnamese: String {
        switch self {
        case .passed: "đạt"
        case .basicallyPassed: "cơ bản đạt"
        case .notPassed: "chưa đạt"
        }
    }

    /// The English word the reports use.
    public var english: String {
        switch self {
        case .passed: "passed"
        case .basicallyPassed: "basically passed"
        case .notPassed: "not passed"
        }
    }

    /// The grade a secretary typed: Vietnamese with or without diacritics, in any case and
    /// spacing (`Cơ bản đạt`, `co ban dat`, `CƠ BẢN ĐẠT`, `co_ban_dat`), or English (`passed`,
    /// `basically passed`, `not passed`, `fail`); nil for anything else.
    public static func parse(_ text: String) -> ReflectionGrade? {
        let key = NameFolding.key(text).split(separator: " ").joined(separator: " ")
        return spellings[key]
    }

    private static let spellings: [String: ReflectionGrade] = [
        "dat": .passed, "pass": .passed, "passed": .passed, "a": .passed,
        "co ban dat": .basicallyPassed, "cb dat": .basicallyPassed, "basically passed": .basicallyPassed,
        "partly passed": .basicallyPassed, "fair": .basicallyPassed, "b": .basicallyPassed,
        "chua dat": .notPassed, "khong dat": .notPassed, "not passed": .notPassed, "fail": .notPassed,
        "failed": .notPassed, "c": .notPassed,
    ]

    /// The spellings named in messages.
    public static let accepted = "đạt, cơ bản đạt, chưa đạt (with or without diacritics), passed, basically passed, not passed"
}

/// One delegate's reflection for one conference: the day it was handed in (Vietnam's calendar)
/// and its grade, nil until graded.
public struct Reflection: Equatable, Sendable, Codable {
    public var delegate: String
    /// `YYYY-MM-DD`.
    public var submitted: String
    public var grade: ReflectionGrade?

    public init(delegate: String, submitted: String, grade: ReflectionGrade?) {
        self.delegate = delegate
        self.submitted = submitted
        self.grade = grade
    }
}
