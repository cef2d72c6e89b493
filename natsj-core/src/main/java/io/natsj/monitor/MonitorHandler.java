package io.natsj.monitor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One HTTP connection to the monitoring port: each request through {@link MonitorRoutes}. */
final class MonitorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Go's http.TimeFormat. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final MonitorRoutes routes;

    MonitorHandler(MonitorRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        FullHttpResponse res;
        if (!req.decoderResult().isSuccess()) {
            res = response(new MonitorRoutes.Response(400, "text/plain; charset=utf-8", "400 Bad Request", false), req);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        res = response(routes.handle(q.path(), q.parameters()), req);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse response(MonitorRoutes.Response r, FullHttpRequest req) {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ByteBuf content = req.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), content);
        res.headers().set("Content-Type", r.contentType());
        if (r.noSniff()) {
            res.headers().set("X-Content-Type-Options", "nosniff");
        }
        res.headers().set("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        res.headers().setInt("Content-Length", body.length);
        return res;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
