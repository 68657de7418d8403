extension Config {
    /// What a reload (SIGHUP, `RELOAD`) takes from `fresh`: every key whose row in
    /// `ConfigParser.sections` says `.applies` (the limits, the `[terminals]` section but
    /// `void_minutes`, the status paths and the log level). Everything else (`[report]` too) was handed at start
    /// to a part that keeps it (the sockets, the directories, the query reader's site name, the
    /// pusher, the hub's keys, the probes), so it stays as it is until a restart; `unchanged`
    /// lists the sections whose new values are waiting for one, in `RestartNotice`'s order.
    public func reloaded(from fresh: Config) -> (config: Config, unchanged: [String]) {
        var next = self
        var waiting = Set<ConfigParser.RestartNotice>()
        for key in ConfigParser.sections.flatMap(\.keys) {
            switch key.reload {
            case .applies:
                key.take(fresh, &next)
            case .atRestart(let notice):
                if key.differs(self, fresh) { waiting.insert(notice) }
            }
        }
        return (next, ConfigParser.RestartNotice.allCases.filter(waiting.contains).map(\.rawValue))
    }
}
