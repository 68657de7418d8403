import Foundation

extension DistrictRollup {
    /// The schema of `attendctl district CONF --json`.
    public static let schemaVersion = "attendd.district/1"

    /// The roll-up as JSON, in the tally JSON's form (snake_case keys in sorted order, slashes
    /// unescaped, a final newline) with `schema` first among equals: `attendd.district/1`.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(Document(schema: Self.schemaVersion, rollup: self)) else {
            preconditionFailure("DistrictRollup failed to encode as JSON")
        }
        data.append(0x0A)
        return data
    }

    /// The roll-up's fields beside `schema`, at the top level.
    private struct Document: Encodable {
        var schema: String
        var rollup: DistrictRollup

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: SchemaKey.self)
            try container.encode(schema, forKey: .schema)
            try rollup.encode(to: encoder)
        }

        enum SchemaKey: String, CodingKey { case schema }
    }
}
