/// The parts of a workbook package that lead to its sheets: `_rels/.rels` names the workbook,
/// the workbook lists the sheets in tab order by relationship id, and the workbook's own
/// relationships give each sheet's part and the shared-string table.
enum XLSXPackage {
    struct SheetEntry: Equatable {
        var name: String
        /// The zip entry holding the sheet, e.g. `xl/worksheets/sheet1.xml`.
        var path: String
    }

    struct Workbook {
        var sheets: [SheetEntry]
        var sharedStringsPath: String?
    }

    static let relationshipBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

    static func workbook(in zip: inout ZipArchive) throws -> Workbook {
        var workbookPath = "xl/workbook.xml"
        if let rels = try zip.read("_rels/.rels") {
            let relationships = try relationshipsOf(rels, part: "_rels/.rels", base: "")
            if let office = relationships.values.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                workbookPath = office.target
            }
        }
        guard let book = try zip.read(workbookPath) else {
            let hint = zip.entry("content.xml") != nil ? "an OpenDocument spreadsheet (.ods)" : "not a workbook"
            throw XLSXError("\(hint): the file has no \(workbookPath); save it from the spreadsheet as Excel Workbook (.xlsx)")
        }
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        let relationships = try zip.read(relsPath).map { try relationshipsOf($0, part: relsPath, base: folder) } ?? [:]

        var sheets: [SheetEntry] = []
        var scanner = XMLScanner(book)
        do {
            while let token = try scanner.next() {
                guard case .start(let name, let attributes, _) = token else { continue }
                if name == "externalReference" || name == "externalReferences" {
                    throw XLSXError("the workbook links to other files (external references), so its values may be another file's: "
                                    + "copy the list and paste it as values into a new workbook, then import that")
                }
                guard name == "sheet", let sheetName = attributes["name"] else { continue }
                guard let id = attributes["id"], let relation = relationships[id] else {
                    throw XLSXError("\(workbookPath): sheet \"\(sheetName)\" has no relationship giving its part")
                }
                guard !relation.external else {
                    throw XLSXError("sheet \"\(sheetName)\" is in another file (an external reference): attendd reads only this file")
                }
                sheets.append(SheetEntry(name: sheetName, path: relation.target))
            }
        } catch let error as XMLError {
            throw XLSXError("\(workbookPath) is not well-formed XML: \(error)")
        }
        let shared = relationships.values.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target
        return Workbook(sheets: sheets, sharedStringsPath: shared ?? (zip.entry("xl/sharedStrings.xml") != nil ? "xl/sharedStrings.xml" : nil))
    }

    struct Relationship {
        var type: String
        /// The zip entry the relationship points at (resolved against `base`).
        var target: String
        var external: Bool
    }

    /// The relationships of a `.rels` part by id, targets resolved against the folder `base`.
    static func relationshipsOf(_ bytes: [UInt8], part: String, base: String) throws(XLSXError) -> [String: Relationship] {
        var scanner = XMLScanner(bytes)
        var relationships: [String: Relationship] = [:]
        do {
            while let token = try scanner.next() {
                guard case .start("Relationship", let attributes, _) = token,
                      let id = attributes["Id"], let target = attributes["Target"] else { continue }
                let external = attributes["TargetMode"] == "External"
                relationships[id] = Relationship(type: attributes["Type"] ?? "", target: external ? target : resolve(target, base: base),
                                                 external: external)
            }
        } catch {
            throw XLSXError("\(part) is not well-formed XML: \(error)")
        }
        return relationships
    }

    /// `target` as a zip entry name: absolute (`/xl/...`) or relative to `base`, `..` resolved.
    static func resolve(_ target: String, base: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
        for piece in target.split(separator: "/") {
            if piece == ".." {
                _ = parts.popLast()
            } else if piece != "." {
                parts.append(piece)
            }
        }
        return parts.joined(separator: "/")
    }
}
