import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads an input file whole, with an error that names it.
enum FileInput {
    /// The file's bytes, read straight into the array: going through `Data` copies a
    /// full-province CSV (85 MB) once more and costs a tenth of a second.
    static func read(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(path, errno: errno) }
        if status.st_mode & S_IFMT == S_IFDIR { throw failure(path, errno: EISDIR) }
        guard status.st_mode & S_IFMT == S_IFREG else { return try readStream(descriptor, path: path) }
        let size = Int(status.st_size)
        var readError: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = Glibc.read(descriptor, buffer.baseAddress! + count, size - count)
                if n > 0 {
                    count += n
                } else if n == 0 {
                    break  // The file shrank while being read: take what is there.
                } else if errno != EINTR {
                    readError = errno
                    break
                }
            }
        }
        if readError != 0 { throw failure(path, errno: readError) }
        // A file that grew while being read: the rest follows.
        if bytes.count == size {
            let rest = try readStream(descriptor, path: path)
            if !rest.isEmpty { bytes.append(contentsOf: rest) }
        }
        return bytes
    }

    /// The rest of a pipe, a device or a growing file, in blocks.
    private static func readStream(_ descriptor: Int32, path: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = block.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: block[0..<n])
            } else if n == 0 {
                return bytes
            } else if errno != EINTR {
                throw failure(path, errno: errno)
            }
        }
    }

    private static func failure(_ path: String, errno code: Int32) -> RejectedInput {
        let reason: String
        switch code {
        case ENOENT: reason = "no such file"
        case EISDIR: reason = "is a directory, expected a file"
        case EACCES: reason = "cannot be read: permission denied"
        default: reason = "cannot be read: " + String(cString: strerror(code))
        }
        return RejectedInput(problems: [InputError(file: path, line: nil, field: nil, message: reason)])
    }
}
