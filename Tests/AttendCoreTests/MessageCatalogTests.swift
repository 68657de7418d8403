@testable import AttendCore
import Testing

/// The report catalog is complete in both languages, and its templates fill as they should.
@Suite struct MessageCatalogTests {
    @Test func everyKeyHasATranslationInEveryLanguage() {
        for language in ReportLanguage.allCases {
            let table = MessageCatalog.table(language)
            for key in MessageKey.allCases {
                #expect(table[key] != nil, "\(key.rawValue) has no \(language.rawValue) translation")
                #expect(table[key]?.isEmpty == false, "\(key.rawValue) is empty in \(language.rawValue)")
            }
        }
    }

    @Test func bothLanguagesTakeTheSameArguments() {
        for key in MessageKey.allCases {
            let vietnamese = MessageCatalog.vietnamese[key].map(MessageCatalog.placeholders)
            let english = MessageCatalog.english[key].map(MessageCatalog.placeholders)
            #expect(vietnamese == english, "\(key.rawValue): {n} differ between the languages")
            if let used = vietnamese {
                #expect(used == Set(0..<used.count), "\(key.rawValue) skips an argument number")
            }
        }
    }

    @Test func fillReplacesEachPlaceholderOnceInAnyOrder() {
        #expect(MessageCatalog.fill("{1} of {0}", ["7", "5"]) == "5 of 7")
        #expect(MessageCatalog.fill("{0}{0}", ["a"]) == "aa")
        // An argument holding a placeholder is left as it came.
        #expect(MessageCatalog.fill("{0} and {1}", ["{1}", "x"]) == "{1} and x")
        // Braces that are not an argument stay.
        #expect(MessageCatalog.fill("{a} {9} {0", ["x"]) == "{a} {9} {0")
        #expect(MessageCatalog.fill("no arguments {0}", []) == "no arguments {0}")
    }

    @Test func placeholdersAreFoundWherever() {
        #expect(MessageCatalog.placeholders("{0} phút") == [0])
        #expect(MessageCatalog.placeholders("Tại {0}, có <b>{1}/{2}</b>") == [0, 1, 2])
        #expect(MessageCatalog.placeholders("{x} {") == [])
    }

    @Test func lookUpGoesThroughTheLanguage() {
        #expect(ReportLanguage.vietnamese.text(.minutesValue, "10") == "10 phút")
        #expect(ReportLanguage.english.text(.minutesValue, "10") == "10 min")
        #expect(ReportLanguage.vietnamese.text(.total) == "Tổng cộng")
        #expect(ReportLanguage.english.text(.total) == "Total")
    }
}
