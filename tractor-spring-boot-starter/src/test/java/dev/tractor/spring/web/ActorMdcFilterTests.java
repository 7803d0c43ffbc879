package dev.tractor.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tractor.ActorRuntime;
import dev.tractor.spring.ActorMdc;
import dev.tractor.spring.autoconfigure.TractorAutoConfiguration;
import dev.tractor.spring.autoconfigure.web.TractorServletAutoConfiguration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Request threads log with the actor in the MDC, and only while they serve a request. */
class ActorMdcFilterTests {

    private final AutoConfigurations configurations =
            AutoConfigurations.of(TractorAutoConfiguration.class, TractorServletAutoConfiguration.class);

    @Test
    void aRequestIsServedWithTheActorInTheMdc() {
        new WebApplicationContextRunner().withConfiguration(configurations).withPropertyValues("tractor.name=web")
                .run(context -> {
                    ActorMdcFilter filter = context.getBean(ActorMdcFilter.class);
                    MDC.clear();
                    AtomicReference<String> during = new AtomicReference<>();
                    filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                            (req, res) -> during.set(MDC.get(ActorMdc.ACTOR) + " " + MDC.get(ActorMdc.UID)));
                    assertThat(during.get()).isEqualTo("web " + context.getBean(ActorRuntime.class).uid().uuid());
                    assertThat(MDC.get(ActorMdc.ACTOR)).isNull();
                });
    }

    @Test
    void onlyServletApplicationsGetTheFilter() {
        new ApplicationContextRunner().withConfiguration(configurations)
                .run(context -> assertThat(context).doesNotHaveBean(ActorMdcFilter.class));
    }

    @Test
    void servletApplicationsGetProblemDetailsForActorFailuresUnlessTurnedOff() {
        new WebApplicationContextRunner().withConfiguration(configurations).withPropertyValues("tractor.name=web",
                "tractor.registry.port=0").run(context -> assertThat(context).hasSingleBean(ActorProblemDetails.class));
        new WebApplicationContextRunner().withConfiguration(configurations).withPropertyValues("tractor.name=web",
                "tractor.registry.port=0", "tractor.web.problem-details.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ActorProblemDetails.class));
    }
}
