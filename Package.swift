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
        // What the daemon and attendctl share: the line client, system errors, atomic files,
        // keys files and where the configuration is read from.
        .target(name: "AttendIO", dependencies: ["AttendCore"]),
        // Sockets, the event loop, the single writer, status files, systemd.
        .target(name: "AttendDaemon", dependencies: ["AttendCore", "AttendStore", "AttendIO", "CAttendSys"]),
        // attendctl's code: the control tool, the terminal program and its queue file. Not the daemon.
        .target(name: "AttendClient", dependencies: ["AttendCore", "AttendStore", "AttendIO"]),
        .executableTarget(name: "attendd", dependencies: ["AttendDaemon"]),
        .executableTarget(name: "attendctl", dependencies: ["AttendCore", "AttendIO", "AttendClient"]),
        // The benchmark of issue 3: run with `swift build -c release && .build/release/attendbench`.
        .executableTarget(name: "attendbench", dependencies: ["AttendCore", "AttendStore", "AttendIO", "AttendDaemon", "AttendSoak"]),
        // The hostile-neighbour soak (issue 13), shared by attendbench and the tests: Foundation and Glibc only.
        .target(name: "AttendSoak"),

        .target(name: "AttendTestSupport", dependencies: ["AttendCore", "AttendStore", "AttendIO", "AttendDaemon", "AttendSoak"], path: "Tests/AttendTestSupport"),
        .testTarget(name: "AttendCoreTests", dependencies: ["AttendCore", "AttendTestSupport"]),
        .testTarget(name: "AttendStoreTests", dependencies: ["AttendStore", "CSQLite", "AttendTestSupport"]),
        .testTarget(
            name: "AttendEndToEndTests",
            dependencies: ["AttendCore", "AttendStore", "AttendIO", "AttendDaemon", "AttendClient", "AttendTestSupport", "attendd", "attendctl"]
        ),
    ]
)
