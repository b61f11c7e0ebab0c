package dev.fcgi.tomcat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.AbstractProcessorLight;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails loudly when a Tomcat upgrade changes the abstract methods the connector
 * implements (Tomcat's internals drift in patch releases: earlyHints() became abstract in
 * 10.1.27). When this fails, read the new methods' contract in Tomcat's source, implement
 * them in FcgiProcessor or FcgiNioProtocol, and update the lists here.
 */
class CoyoteContractTests {

    @Test
    void processorContractIsTheOneImplemented() {
        assertThat(abstractMethods(AbstractProcessor.class, AbstractProcessorLight.class)).containsExactlyInAnyOrder(
                "ack(ContinueResponseTiming)", "available(boolean)", "disableSwallowRequest()", "dispatchEndRequest()",
                "earlyHints()", "finishResponse()", "flush()", "flushBufferedWrite()", "getLog()",
                "getServletConnection()", "isReadyForWrite()", "isRequestBodyFullyRead()", "isTrailerFieldsReady()",
                "prepareResponse()", "registerReadInterest()", "service(SocketWrapperBase)",
                "setRequestBody(ByteChunk)", "setSwallowResponse()");
    }

    @Test
    void protocolContractIsTheOneImplemented() {
        assertThat(abstractMethods(AbstractProtocol.class)).containsExactlyInAnyOrder("createProcessor()",
                "createUpgradeProcessor(SocketWrapperBase,UpgradeToken)", "getLog()", "getNamePrefix()",
                "getNegotiatedProtocol(String)", "getProtocolName()", "getUpgradeProtocol(String)");
    }

    /**
     * Abstract methods declared in the given classes (most derived first) and not
     * implemented by an earlier one.
     */
    private static Set<String> abstractMethods(Class<?>... types) {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : types) {
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isAbstract(method.getModifiers()) && !implementedIn(types[0], method)) {
                    names.add(method.getName() + "("
                            + Arrays.stream(method.getParameterTypes())
                                .map(Class::getSimpleName)
                                .collect(Collectors.joining(","))
                            + ")");
                }
            }
        }
        return names;
    }

    private static boolean implementedIn(Class<?> type, Method method) {
        try {
            return !Modifier
                .isAbstract(type.getDeclaredMethod(method.getName(), method.getParameterTypes()).getModifiers());
        }
        catch (NoSuchMethodException ex) {
            return false;
        }
    }

}
