package dev.strangler.proxy.edge;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, refusing a protocol name other than {@code HTTP} in upper case ({@code http/1.1}):
 * Netty upper-cases the version before anyone can look at it, and another parser may read such a line differently.
 * The refusal is a decoder failure, answered 400 like any other.
 */
final class EdgeRequestDecoder extends HttpRequestDecoder {

    EdgeRequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        if (!initialLine[2].startsWith("HTTP/")) {
            throw new IllegalArgumentException("unsupported protocol: " + initialLine[2]);
        }
        return super.createMessage(initialLine);
    }
}
