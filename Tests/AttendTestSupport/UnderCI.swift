import Foundation

/// Whether the tests run in CI (`CI=true`, as `.ci/run` is run there). A test that needs an
/// outside tool may skip without it on a developer's machine, saying so, but never in CI: there
/// it runs and fails on the missing tool, since `.ci/run` installs every one.
public let underCI = ProcessInfo.processInfo.environment["CI"] == "true"
