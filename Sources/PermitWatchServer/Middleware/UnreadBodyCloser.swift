import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose response starts before its request has been read to the end.
///
/// A refusal (401, 413, 405, a 408 for a body that came too slowly) is answered before the
/// body is read. Hummingbird would then read and discard the rest of the body to reach the next
/// request on the connection, however long it is and however slowly it comes (a byte a
/// second keeps a connection from ever being idle). Instead the response says
/// `Connection: close` and the connection is closed once it is sent. Requests read whole
/// before their answer (every GET, and a POST whose handler read its body) are not affected,
/// and keep-alive goes on for them.
///
/// One per connection, in the HTTP/1 pipeline after the codec (`buildApplication`).
final class UnreadBodyCloser: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests read to their end on this connection, and final responses begun.
    private var requestsRead = 0
    private var responsesBegun = 0
    private var closeAfterResponse = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { requestsRead += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.kind != .informational:
            responsesBegun += 1
            guard requestsRead < responsesBegun else { break }
            // The request this answers is still arriving: answer it, then close.
            closeAfterResponse = true
            head.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
            return
        case .end where closeAfterResponse:
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
            return
        default:
            break
        }
        context.write(data, promise: promise)
    }
}

@available(*, unavailable)
extension UnreadBodyCloser: Sendable {}
