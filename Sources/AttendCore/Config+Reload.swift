extension Config {
    /// What a reload (SIGHUP, `RELOAD`) takes from `fresh`: the limits, the `[terminals]`
    /// section (but `void_minutes`), the status paths and the log level. Everything else was handed at start to a
    /// part that keeps it (the sockets, the directories, the report reader's site name, the
    /// pusher, the hub's keys, the probes), so it stays as it is until a restart; `unchanged`
    /// lists the sections whose new values are waiting for one.
    public func reloaded(from fresh: Config) -> (config: Config, unchanged: [String]) {
        var next = self
        next.maxLineBytes = fresh.maxLineBytes
        next.maxConnections = fresh.maxConnections
        next.idleTimeoutSeconds = fresh.idleTimeoutSeconds
        next.maxPipeline = fresh.maxPipeline
        next.maxConnectionBufferBytes = fresh.maxConnectionBufferBytes
        next.maxInputBufferBytes = fresh.maxInputBufferBytes
        next.payloadTimeoutSeconds = fresh.payloadTimeoutSeconds
        next.ratePerSource = fresh.ratePerSource
        next.rateBurst = fresh.rateBurst
        next.allowedTerminals = fresh.allowedTerminals
        next.terminalSources = fresh.terminalSources
        next.terminalKeysFile = fresh.terminalKeysFile
        next.unsignedTerminals = fresh.unsignedTerminals
        next.replayWindow = fresh.replayWindow
        // void_minutes was handed to the writer at start, like [push]; it waits for a restart.
        next.statusFile = fresh.statusFile
        next.prometheusFile = fresh.prometheusFile
        next.logLevel = fresh.logLevel
        var unchanged: [String] = []
        if (siteName, runtimeDirectory) != (fresh.siteName, fresh.runtimeDirectory) { unchanged.append("[daemon]") }
        if stateDirectory != fresh.stateDirectory { unchanged.append("[storage]") }
        if voidMinutes != fresh.voidMinutes { unchanged.append("[terminals] void_minutes") }
        if (listenAddress, port) != (fresh.listenAddress, fresh.port) { unchanged.append("[listen]") }
        if (pushTo, bridgeID, pushKeysFile, pushTimeoutSeconds) != (fresh.pushTo, fresh.bridgeID, fresh.pushKeysFile, fresh.pushTimeoutSeconds) {
            unchanged.append("[push]")
        }
        if (hubKeysFile, hubReportDelayMinutes) != (fresh.hubKeysFile, fresh.hubReportDelayMinutes) { unchanged.append("[hub]") }
        if probeTargets != fresh.probeTargets
            || (probeIntervalSeconds, probeTimeoutMilliseconds, probeFailAfter, probeRecoverAfter, probeDegradedRTTMilliseconds)
            != (fresh.probeIntervalSeconds, fresh.probeTimeoutMilliseconds, fresh.probeFailAfter, fresh.probeRecoverAfter,
                fresh.probeDegradedRTTMilliseconds) {
            unchanged.append("[probes]")
        }
        return (next, unchanged)
    }
}
