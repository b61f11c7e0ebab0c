package dev.fcgi.demo;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The demo's endpoints as the acceptance suite expects them, checked in-process with
 * MockMvc (no server, no connector).
 */
class DemoEndpointsTests {

    private ThreadPoolTaskScheduler scheduler;

    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        this.scheduler = new TickSchedulerConfiguration().tickScheduler();
        this.scheduler.initialize();
        this.mvc = MockMvcBuilders
            .standaloneSetup(new HelloController(), new RequestInfoController(), new BodyController(),
                    new StreamingController(this.scheduler), new DiagnosticsController(),
                    new ResponseHeaderController())
            .build();
    }

    @AfterEach
    void tearDown() {
        this.scheduler.shutdown();
    }

    @Test
    void hello() throws Exception {
        this.mvc.perform(get("/hello"))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
            .andExpect(content().string("hello"));
    }

    @Test
    void requestDescribesParametersHeadersAndProcess() throws Exception {
        this.mvc
            .perform(post("/request?q=x&a=1&a=2").header("X-Custom", "value")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("field=f"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.method").value("POST"))
            .andExpect(jsonPath("$.uri").value("/request"))
            .andExpect(jsonPath("$.query").value("q=x&a=1&a=2"))
            .andExpect(jsonPath("$.q").value("x"))
            .andExpect(jsonPath("$.params.a", contains("1", "2")))
            .andExpect(jsonPath("$.params.field").value("f"))
            .andExpect(jsonPath("$.headers.x-custom").value("value"))
            .andExpect(jsonPath("$.contentType").value(MediaType.APPLICATION_FORM_URLENCODED_VALUE))
            .andExpect(jsonPath("$.pid").value(ProcessHandle.current().pid()))
            .andExpect(jsonPath("$.secure").value(false));
    }

    @Test
    void echoReturnsBodyWithItsContentType() throws Exception {
        this.mvc.perform(post("/echo").contentType("application/x-demo").content("some body"))
            .andExpect(status().isOk())
            .andExpect(header().string("Content-Type", "application/x-demo"))
            .andExpect(content().string("some body"));
    }

    @Test
    void countAnswersBodyLength() throws Exception {
        this.mvc.perform(post("/count").content(new byte[12345])).andExpect(content().string("12345"));
    }

    @Test
    void uploadReportsFileNameAndSize() throws Exception {
        MockMultipartFile file = new MockMultipartFile("file", "data.bin", "application/octet-stream", new byte[42]);
        this.mvc.perform(multipart("/upload").file(file))
            .andExpect(jsonPath("$.name").value("data.bin"))
            .andExpect(jsonPath("$.size").value(42));
    }

    @Test
    void bytesFollowTheCountingPattern() throws Exception {
        byte[] body = this.mvc.perform(get("/bytes?n=20000"))
            .andExpect(header().string("Content-Type", "application/octet-stream"))
            .andReturn()
            .getResponse()
            .getContentAsByteArray();
        assertThat(body).hasSize(20000);
        for (int i = 0; i < body.length; i++) {
            assertThat(body[i]).isEqualTo((byte) i);
        }
    }

    @Test
    void streamWritesRequestedLines() throws Exception {
        MvcResult started = this.mvc.perform(get("/stream?chunks=3&delayMs=10"))
            .andExpect(request().asyncStarted())
            .andReturn();
        started.getAsyncResult(Duration.ofSeconds(5).toMillis());
        this.mvc.perform(asyncDispatch(started)).andExpect(content().string("chunk 0\nchunk 1\nchunk 2\n"));
    }

    @Test
    void sseSendsThreeTicks() throws Exception {
        MvcResult started = this.mvc.perform(get("/sse")).andExpect(request().asyncStarted()).andReturn();
        started.getAsyncResult(Duration.ofSeconds(5).toMillis());
        assertThat(started.getResponse().getContentAsString())
            .isEqualTo("data:tick 0\n\ndata:tick 1\n\ndata:tick 2\n\n");
    }

    @Test
    void cookiesAreTwoSetCookieHeaders() throws Exception {
        this.mvc.perform(get("/cookies"))
            .andExpect(header().stringValues("Set-Cookie", "first=1; Path=/", "second=2; Path=/; HttpOnly"));
    }

    @Test
    void redirectIsFoundToHello() throws Exception {
        this.mvc.perform(get("/redirect"))
            .andExpect(status().isFound())
            .andExpect(header().string("Location", "/hello"));
    }

    @Test
    void slowAnswersAfterSleeping() throws Exception {
        long start = System.nanoTime();
        this.mvc.perform(get("/slow?ms=50")).andExpect(content().string("slow"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

}
