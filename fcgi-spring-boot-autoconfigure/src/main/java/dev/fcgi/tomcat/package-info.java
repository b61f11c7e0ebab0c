/**
 * FastCGI as a Tomcat Coyote protocol, the way Tomcat serves AJP:
 * {@link dev.fcgi.tomcat.FcgiNioProtocol} runs on Tomcat's {@code NioEndpoint} (TCP, Unix
 * domain socket or an inherited listening socket) and
 * {@link dev.fcgi.tomcat.FcgiProcessor} turns FastCGI records into Coyote requests for
 * the servlet stack.
 * <p>
 * Where to start reading, split the way Tomcat splits HTTP/1.1:
 * <ul>
 * <li>{@code FcgiProcessor}: a connection's lifecycle and the Coyote hooks (serve,
 * refuse, finish, recycle); it delegates to the parts below.</li>
 * <li>{@code RecordInput}: reads the socket and turns records into {@code RecordEvent}s,
 * one per call; {@code RequestRecords} takes those events for the request being served
 * (its phase, id, keep-connection, refusal) and maps PARAMS onto the Coyote request with
 * {@code CgiRequestMapper}.</li>
 * <li>{@code StdinInputBuffer}: the request body, from one of three {@code BodySource}s:
 * {@code MemoryBody}, {@code SpilledBody} (a {@code SpillFile}) or
 * {@code StreamedBody}.</li>
 * <li>{@code StdoutOutputBuffer}: the response: the CGI head ({@code CgiResponseHead}),
 * STDOUT framing, the flush policy ({@code FlushMode}, {@code HeldFlush}) and the
 * gathering write; {@code ControlRecords} for records outside a response.</li>
 * <li>{@code FcgiNioEndpoint}, {@code UsedConnections}, {@code OverloadMark},
 * {@code WorkerPool}: accepting, refusing and counting connections, and the pool's
 * figures.</li>
 * </ul>
 */
package dev.fcgi.tomcat;
