import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Store

/// A bounded set of connections to one PostgreSQL database, shared by the store's callers.
///
/// At most `maximumConnections` are open (a server's readers, its writer and the CLI's calls
/// together); a caller beyond that waits for one to come back. Connections hold no session
/// state: the schema is chosen inside each transaction (`PostgresTransaction`), so the pool
/// works behind PgBouncer in transaction mode as well as directly.
final class PostgresConnectionPool: @unchecked Sendable {
    let url: PostgresURL
    let maximumConnections: Int
    let logger: Logger

    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var nextID = 0
    private var isShutDown = false

    init(url: PostgresURL, maximumConnections: Int, logger: Logger = Logger(label: "permitwatch.postgres")) {
        self.url = url
        self.maximumConnections = max(1, maximumConnections)
        self.logger = logger
    }

    /// Lends a connection to `body`, opening one when none is idle and the bound allows it.
    /// A connection whose use failed with a broken link is closed rather than lent again.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        do {
            let result = try body(connection)
            checkIn(connection)
            return result
        } catch {
            if connection.isClosed { discard(connection) } else { checkIn(connection) }
            throw error
        }
    }

    private func checkOut() throws -> PostgresConnection {
        condition.lock()
        while true {
            if isShutDown {
                condition.unlock()
                throw StoreError(message: "\(url): the store is closed")
            }
            if let connection = idle.popLast() {
                condition.unlock()
                if connection.isClosed {
                    discard(connection)
                    condition.lock()
                    continue
                }
                return connection
            }
            if open < maximumConnections {
                open += 1
                nextID += 1
                let id = nextID
                condition.unlock()
                do {
                    return try connect(id: id)
                } catch {
                    condition.lock()
                    open -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            condition.wait()
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        condition.lock()
        idle.append(connection)
        condition.signal()
        condition.unlock()
    }

    private func discard(_ connection: PostgresConnection) {
        Self.close(connection)
        condition.lock()
        open -= 1
        condition.signal()
        condition.unlock()
    }

    private func connect(id: Int) throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory = url.socketDirectory {
            configuration = .init(
                unixSocketPath: socketDirectory + "/.s.PGSQL.\(url.port)", username: url.user, password: url.password,
                database: url.database)
        } else {
            configuration = .init(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable)
        }
        configuration.options.connectTimeout = .seconds(10)
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
            ).wait()
        } catch {
            throw StoreError(postgres: error, context: "\(url): cannot connect")
        }
    }

    /// Closes every connection; callers waiting for one get an error.
    func shutDown() {
        condition.lock()
        isShutDown = true
        let connections = idle
        idle.removeAll()
        open -= connections.count
        condition.broadcast()
        condition.unlock()
        for connection in connections { Self.close(connection) }
    }

    /// Closes a connection: waiting for it where a thread may wait, else (the last reference
    /// to a store dropped on an event loop, as a server's shutdown does) keeping the connection
    /// until its close completes, since a loop must never wait.
    private static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        if MultiThreadedEventLoopGroup.currentEventLoop == nil {
            try? closing.wait()
        } else {
            closing.whenComplete { _ in withExtendedLifetime(connection) {} }
        }
    }

    deinit {
        for connection in idle { Self.close(connection) }
    }
}
