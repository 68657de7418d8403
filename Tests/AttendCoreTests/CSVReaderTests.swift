import AttendTestSupport
import Testing

@testable import AttendCore


/// The fields of each record of `text`.
private func fields(_ text: String, separator: CSVSeparator? = nil) throws -> [[String]] {
    try CSVReader.read(text, separator: separator).map(\.fields)
}

/// The error reading `bytes` throws, or nil when it reads.
private func readingError(_ bytes: [UInt8], limits: CSVReader.Limits = CSVReader.Limits()) -> CSVError? {
    do {
        _ = try CSVReader.read(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

private func readingError(_ text: String, limits: CSVReader.Limits = CSVReader.Limits()) -> CSVError? {
    readingError(Array(text.utf8), limits: limits)
}

/// `fields` written as CSV the way office software does: every field quoted when it needs it.
private func write(_ records: [[String]], separator: CSVSeparator, lineEnd: String) -> String {
    let sep = String(UnicodeScalar(separator.rawValue))
    return records.map { record in
        record.map { field in
            field.contains(where: { $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" || String($0) == sep })
                || field.isEmpty && record.count == 1
                ? "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : field
        }.joined(separator: sep)
    }.joined(separator: lineEnd) + lineEnd
}

@Suite struct CSVReaderTests {
    // MARK: Plain files

    @Test func readsCommaSeparatedRecords() throws {
        let records = try CSVReader.read("id,name\n1,An\n2,Bình\n")
        #expect(records == [
            CSVRecord(line: 1, fields: ["id", "name"]),
            CSVRecord(line: 2, fields: ["1", "An"]),
            CSVRecord(line: 3, fields: ["2", "Bình"]),
        ])
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try CSVReader.read("").isEmpty)
        #expect(try CSVReader.read([0xEF, 0xBB, 0xBF]).isEmpty)
        #expect(try CSVReader.read("\n\r\n\r").isEmpty)
    }

    @Test func lastRecordNeedsNoLineEnd() throws {
        #expect(try fields("a,b\nc,d") == [["a", "b"], ["c", "d"]])
    }

    @Test func emptyFieldsAreKept() throws {
        #expect(try fields("a,,b,\n,\n") == [["a", "", "b", ""], ["", ""]])
        #expect(try fields("a,") == [["a", ""]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let records = try CSVReader.read([0xEF, 0xBB, 0xBF] + Array("Mã,Họ và tên\n1,An\n".utf8))
        #expect(records.first?.fields == ["Mã", "Họ và tên"])
        #expect(records.first?.fields.first?.unicodeScalars.first == "M")
    }

    @Test func byteOrderMarkLaterIsData() throws {
        // Only a BOM at the very start is one; elsewhere U+FEFF is a character of the field.
        #expect(try fields("a\n\u{FEFF}b\n") == [["a"], ["\u{FEFF}b"]])
    }

    // MARK: Line ends

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineEndCountsOneLine(lineEnd: String) throws {
        let records = try CSVReader.read(["a,b", "c,d", "e,f"].joined(separator: lineEnd) + lineEnd)
        #expect(records.map(\.line) == [1, 2, 3])
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"]])
    }

    @Test func mixedLineEnds() throws {
        let records = try CSVReader.read("a\r\nb\nc\rd")
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(records.map(\.fields) == [["a"], ["b"], ["c"], ["d"]])
    }

    @Test func trailingEmptyLinesAreIgnored() throws {
        #expect(try CSVReader.read("a\n\n\n\r\n\r").map(\.fields) == [["a"]])
    }

    @Test func emptyLinesInsideAreOneEmptyField() throws {
        let records = try CSVReader.read("\na\n\n\nb\n\n")
        #expect(records == [
            CSVRecord(line: 1, fields: [""]),
            CSVRecord(line: 2, fields: ["a"]),
            CSVRecord(line: 3, fields: [""]),
            CSVRecord(line: 4, fields: [""]),
            CSVRecord(line: 5, fields: ["b"]),
        ])
    }

    // MARK: Quotes

    @Test func quotedFieldsHoldSeparatorsQuotesAndLineBreaks() throws {
        let text = "id,name,note\n1,\"Nguyễn, Văn An\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\"\"\n3,x,y\n"
        let records = try CSVReader.read(text)
        #expect(records == [
            CSVRecord(line: 1, fields: ["id", "name", "note"]),
            CSVRecord(line: 2, fields: ["1", "Nguyễn, Văn An", "say \"hi\""]),
            CSVRecord(line: 3, fields: ["2", "two\nlines", ""]),
            CSVRecord(line: 5, fields: ["3", "x", "y"]),
        ])
    }

    @Test func lineBreaksInQuotesAreKeptAsTheyAreAndCounted() throws {
        let records = try CSVReader.read("\"a\r\nb\rc\nd\"\r\nnext\r\n")
        #expect(records == [
            CSVRecord(line: 1, fields: ["a\r\nb\rc\nd"]),
            CSVRecord(line: 5, fields: ["next"]),
        ])
    }

    @Test func quoteInsideUnquotedFieldIsACharacter() throws {
        #expect(try fields("Nguyễn Văn \"Tư\",x\n") == [["Nguyễn Văn \"Tư\"", "x"]])
    }

    @Test func quoteAfterSpaceIsACharacter() throws {
        // RFC 4180: spaces belong to the field, so the quote is not at its start.
        #expect(try fields("a, \"b\"\n") == [["a", " \"b\""]])
    }

    @Test func unterminatedQuoteNamesTheRecordsFirstLine() throws {
        let error = readingError("id,name\n1,An\n2,\"Bình\n3,Cường\n4,Dũng\n")
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.message.contains("never closed") == true)
    }

    @Test func unterminatedQuoteOpeningOnALaterLineSaysWhere() throws {
        let error = readingError("id,\"a\nb\",\"c\nd\n")
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.line == 1)
        #expect(error?.message.contains("line 2") == true)
    }

    @Test func textAfterClosingQuoteIsAnError() throws {
        let error = readingError("a\nb,\"x\"y,c\n")
        #expect(error?.kind == .strayQuote)
        #expect(error?.line == 2)
        #expect(error?.message.contains("\"\"") == true)
    }

    // MARK: Separator

    @Test func semicolonsAreDetected() throws {
        #expect(try fields("Mã;Họ và tên;Đơn vị\n1;Nguyễn Văn An;Chi bộ 1\n")
                    == [["Mã", "Họ và tên", "Đơn vị"], ["1", "Nguyễn Văn An", "Chi bộ 1"]])
    }

    @Test func commasInSemicolonFilesAreData() throws {
        #expect(try fields("a;b\n1,5;x,y\n") == [["a", "b"], ["1,5", "x,y"]])
    }

    @Test func separatorIsDecidedOutsideQuotes() {
        #expect(CSVReader.detectSeparator(ArraySlice("\"a,b,c\";d;e\n1,2,3,4,5".utf8)) == .semicolon)
        #expect(CSVReader.detectSeparator(ArraySlice("\"a;b;c\",d\n".utf8)) == .comma)
        // A quoted header cell with a line break: the rest of the first record still counts.
        #expect(CSVReader.detectSeparator(ArraySlice("\"Họ\nvà tên\";Mã;Đơn vị\n1,2,3,4\n".utf8)) == .semicolon)
    }

    @Test func separatorTieOrNoneIsComma() {
        #expect(CSVReader.detectSeparator(ArraySlice("name\nx;y;z\n".utf8)) == .comma)
        #expect(CSVReader.detectSeparator(ArraySlice("a,b;c\n".utf8)) == .comma)
        #expect(CSVReader.detectSeparator(ArraySlice("".utf8)) == .comma)
    }

    @Test func separatorDetectionSkipsLeadingEmptyLines() {
        #expect(CSVReader.detectSeparator(ArraySlice("\r\n\n\ra;b\n1,2,3".utf8)) == .semicolon)
    }

    @Test func separatorCanBeGiven() throws {
        #expect(try fields("a,b;c\n", separator: .semicolon) == [["a,b", "c"]])
        #expect(try fields("a;b;c,d\n", separator: .comma) == [["a;b;c", "d"]])
    }

    @Test func crLineEndEndsTheHeaderForDetection() {
        #expect(CSVReader.detectSeparator(ArraySlice("a;b\r1,2,3,4".utf8)) == .semicolon)
    }

    // MARK: Encoding

    @Test func invalidUTF8NamesItsLine() throws {
        // "Nguyễn" in Windows-1258 bytes on line 3, after CRLF and CR line ends.
        let bytes = Array("id,name\r\n1,An\r".utf8) + [0x32, 0x2C, 0x4E, 0x67, 0x75, 0x79, 0xEA, 0xDE, 0x6E, 0x0A]
        let error = try #require(readingError(bytes))
        #expect(error.kind == .invalidUTF8)
        #expect(error.line == 3)
        #expect(error.message.contains("0xEA"))
        #expect(error.message.contains("byte 7 of the line"))
        #expect(error.message.contains("CSV UTF-8"))
    }

    @Test func invalidUTF8InsideAMultiLineFieldNamesThePhysicalLine() throws {
        let bytes = Array("a\n\"x\ny\nz".utf8) + [0xC3] + Array("\"\n".utf8)
        let error = try #require(readingError(bytes))
        #expect(error.kind == .invalidUTF8)
        #expect(error.line == 4)
    }

    @Test(arguments: [
        [UInt8]([0xC0, 0x80]),  // overlong NUL
        [0xED, 0xA0, 0x80],  // a UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],  // beyond U+10FFFF
        [0xE1, 0xBA],  // truncated at the end
        [0xE1, 0x0A, 0xBA],  // truncated by a line end
        [0xFF],
    ])
    func malformedSequencesAreRefused(bad: [UInt8]) throws {
        let error = try #require(readingError(Array("ok\n".utf8) + bad))
        #expect(error.kind == .invalidUTF8)
        #expect(error.line == 2)
    }

    @Test func nulBytesAreRefused() throws {
        // UTF-16LE without a byte order mark: "a,b\n" with a NUL after each letter.
        let error = try #require(readingError([0x61, 0x00, 0x2C, 0x00, 0x62, 0x00]))
        #expect(error.kind == .nulByte)
        #expect(error.line == 1)
        #expect(error.message.contains("byte 2"))
        #expect(readingError("x\r\ny,\u{0000}\n")?.line == 2)
    }

    @Test func utf16IsNamed() throws {
        let error = try #require(readingError([0xFF, 0xFE, 0x61, 0x00]))
        #expect(error.kind == .invalidUTF8)
        #expect(error.line == 1)
        #expect(error.message.contains("UTF-16"))
    }

    @Test func vietnameseInAllFormsIsRead() throws {
        let nfd = "Nguye\u{0302}\u{0303}n"
        let records = try CSVReader.read("\(nfd);Đạt\n")
        // The reader does not normalize: that is the importer's job.
        #expect(records[0].fields[0].unicodeScalars.count == 8)
        #expect(records[0].fields == [nfd, "Đạt"])
    }

    // MARK: Limits

    @Test func inputOverTheLimitIsRefused() throws {
        let limits = CSVReader.Limits(maxInputBytes: 10)
        #expect(try CSVReader.read("0123456789", limits: limits).count == 1)
        let error = try #require(readingError("0123456789\n", limits: limits))
        #expect(error.kind == .inputTooLarge)
        #expect(error.line == 0)
        #expect(error.description.contains("11 bytes"))
    }

    @Test func defaultLimits() {
        let limits = CSVReader.Limits()
        #expect(limits.maxInputBytes == 50 * 1024 * 1024)
        #expect(limits.maxFieldBytes == 10_000)
    }

    @Test func fieldsUpToTheLimitAreRead() throws {
        let long = String(repeating: "x", count: 10_000)
        #expect(try fields("a,\(long)\n\"\(long)\"\n") == [["a", long], [long]])
    }

    @Test func longFieldNamesTheLineItStartsOn() throws {
        let long = String(repeating: "ệ", count: 3_334)  // 10,002 bytes
        let error = try #require(readingError("a\nb\n1,\"x\n\(long)\"\n"))
        #expect(error.kind == .fieldTooLong)
        #expect(error.line == 3)
        #expect(error.description.contains("10000 bytes"))
        let unquoted = try #require(readingError("a\n" + String(repeating: "y", count: 10_001)))
        #expect(unquoted.kind == .fieldTooLong)
        #expect(unquoted.line == 2)
    }

    @Test func fieldAndRecordCountsAreBounded() throws {
        let limits = CSVReader.Limits(maxFieldsPerRecord: 3, maxRecords: 2)
        #expect(try CSVReader.read("a,b,c\nd,e,f\n", limits: limits).count == 2)
        #expect(readingError("a,b,c\nd,e,f,g\n", limits: limits)?.kind == .tooManyFields)
        #expect(readingError("a,b,c\nd,e,f,g\n", limits: limits)?.line == 2)
        #expect(readingError("a\nb\nc\n", limits: limits)?.kind == .tooManyRecords)
        #expect(readingError("a\nb\nc\n", limits: limits)?.line == 3)
        // Trailing empty lines are not records, so they cannot exceed the limit.
        #expect(try CSVReader.read("a\nb\n" + String(repeating: "\n", count: 100), limits: limits).count == 2)
    }

    // MARK: Generated input

    @Test func writtenRecordsReadBackTheSame() throws {
        var random = SplitMix64(state: 0xC5F_2024)
        let alphabet: [String] = ["a", "Đ", "ễ", " ", ",", ";", "\"", "\n", "\r\n", "\r", "x", "1", "e\u{0301}"]
        for round in 0..<300 {
            let separator: CSVSeparator = round.isMultiple(of: 2) ? .comma : .semicolon
            let columns = Int.random(in: 1...5, using: &random)
            var records: [[String]] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                records.append((0..<columns).map { _ in
                    (0..<Int.random(in: 0...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
                })
            }
            let lineEnd = ["\n", "\r\n", "\r"][round % 3]
            let text = write(records, separator: separator, lineEnd: lineEnd)
            #expect(try fields(text, separator: separator) == records, "round \(round): \(text.debugDescription)")
        }
    }

    @Test func randomBytesNeverCrashAndErrorsAreClear() {
        var random = SplitMix64(state: 0xF022)
        let seed = Array("Mã;Họ và tên;Đơn vị\r\n1;\"Nguyễn, Văn An\";Chi bộ 1\r\n2;\"Trần \"\"Bé\"\"\nThị\";x\r\n".utf8)
        let interesting: [UInt8] = [0x22, 0x2C, 0x3B, 0x0D, 0x0A, 0xC3, 0xE1, 0xBA, 0xFF, 0xEF, 0xBB, 0xBF, 0x00, 0x41]
        let limits = CSVReader.Limits(maxInputBytes: 400, maxFieldBytes: 40, maxFieldsPerRecord: 12, maxRecords: 20)
        for round in 0..<2_000 {
            var bytes: [UInt8]
            if round.isMultiple(of: 2) {
                bytes = (0..<Int.random(in: 0...120, using: &random)).map { _ in
                    Bool.random(using: &random) ? interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
                }
            } else {
                bytes = random.mutate(seed, edits: 1...6, interesting: interesting)
            }
            let physicalLines = physicalLineCount(bytes)
            do {
                let records = try CSVReader.read(bytes, limits: limits)
                #expect(records.map(\.line) == records.map(\.line).sorted(), "round \(round)")
                #expect(records.allSatisfy { (1...physicalLines).contains($0.line) && !$0.fields.isEmpty }, "round \(round)")
                #expect(records.allSatisfy { $0.fields.allSatisfy { $0.utf8.count <= 40 } }, "round \(round)")
            } catch {
                #expect(!error.message.isEmpty, "round \(round)")
                #expect((0...physicalLines).contains(error.line), "round \(round): \(error)")
            }
        }
    }
}
