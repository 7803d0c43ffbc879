package dev.tractor.spring.actuate.endpoint;

import dev.tractor.TractorException;
import dev.tractor.spring.actuate.endpoint.TractorDescriptors.TreeDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code tractor} endpoint over HTTP: as {@link TractorEndpoint}, and a request for a child that this actor does
 * not have is a 404 whose body says so and lists the children it has. A child that cannot answer (it died, or went
 * silent and its connection was closed once the heartbeat tolerance had passed) is a 503 whose body gives the
 * error.
 */
@EndpointWebExtension(endpoint = TractorEndpoint.class)
public class TractorEndpointWebExtension {

    private final TractorEndpoint endpoint;

    public TractorEndpointWebExtension(TractorEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @ReadOperation
    public TreeDescriptor tree() {
        return endpoint.tree();
    }

    @ReadOperation
    public WebEndpointResponse<Object> actor(@Selector String name) {
        TreeDescriptor child;
        try {
            child = endpoint.actor(name);
        } catch (TractorException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "child '" + name + "' did not answer: " + e.getMessage());
            body.put("type", e.getClass().getName());
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        if (child != null) {
            return new WebEndpointResponse<>(child, WebEndpointResponse.STATUS_OK);
        }
        List<String> children = endpoint.tree().children().stream().map(c -> c.name()).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "this actor has no live child called '" + name + "'");
        body.put("children", children);
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_NOT_FOUND);
    }
}
