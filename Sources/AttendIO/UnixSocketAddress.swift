import Glibc

/// The `sockaddr_un` of a Unix socket at `path`; a path too long for it is `ENAMETOOLONG`.
public func unixSocketAddress(_ path: String) throws(SystemError) -> sockaddr_un {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
        throw SystemError("bind", errno: ENAMETOOLONG, detail: path)
    }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        raw.copyBytes(from: bytes)
    }
    return address
}
