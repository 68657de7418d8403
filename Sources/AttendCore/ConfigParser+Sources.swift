extension ConfigParser.Key {
    /// Comma-separated IPv4 CIDR ranges (`10.0.0.0/8, 192.168.1.0/24`). An empty list is refused
    /// rather than read as "from nowhere", which would silently turn every terminal away.
    static func sourceRanges(_ name: String, _ field: WritableKeyPath<Config, [IPv4Range]?> & Sendable, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            guard !value.isEmpty else {
                return "is empty; remove the key to accept terminals from any address"
            }
            switch IPv4Range.parseList(value) {
            case .success(let ranges):
                config[keyPath: field] = ranges
                return nil
            case .failure(let error):
                return error.message
            }
        }
    }
}
