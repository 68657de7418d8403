// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "attendd",
    products: [
        .executable(name: "attendd", targets: ["attendd"]),
        .executable(name: "attendctl", targets: ["attendctl"]),
    ],
    targets: [
        // The system libsqlite3 (Debian: libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Linux calls Glibc does not export to Swift: epoll, eventfd, signalfd, timerfd.
        .target(name: "CAttendSys"),
        // The pure core: domain types, line codec, config parser, status rendering. No I/O.
        .target(name: "AttendCore"),
        // SQLite wrapper, schema migrations, repositories.
        .target(name: "AttendStore", dependencies: ["AttendCore", "CSQLite"]),
        // Sockets, the event loop, the single writer, status files, systemd.
        .target(name: "AttendDaemon", dependencies: ["AttendCore", "AttendStore", "CAttendSys"]),
        .executableTarget(name: "attendd", dependencies: ["AttendDaemon"]),
        .executableTarget(name: "attendctl", dependencies: ["AttendCore", "AttendDaemon"]),
        // The benchmark of issue 3: run with `swift build -c release && .build/release/attendbench`.
        .executableTarget(name: "attendbench", dependencies: ["AttendCore", "AttendStore", "AttendDaemon", "AttendSoak"]),
        // The hostile-neighbour soak (issue 13), shared by attendbench and the tests: Foundation and Glibc only.
        .target(name: "AttendSoak"),

        .target(name: "AttendTestSupport", dependencies: ["AttendCore", "AttendStore", "AttendDaemon", "AttendSoak"], path: "Tests/AttendTestSupport"),
        .testTarget(name: "AttendCoreTests", dependencies: ["AttendCore", "AttendTestSupport"]),
        .testTarget(name: "AttendStoreTests", dependencies: ["AttendStore", "AttendTestSupport"]),
        .testTarget(
            name: "AttendEndToEndTests",
            dependencies: ["AttendCore", "AttendStore", "AttendDaemon", "AttendTestSupport", "attendd", "attendctl"]
        ),
    ]
)
