/// attendd's version, shown in status files, `--version` and the metrics.
public let attenddVersion = "0.1.0"
