package dev.tractor.spring.autoconfigure;

import dev.tractor.TractorConfig;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/** Turns the bound {@link TractorProperties} into the core's {@link TractorConfig}. */
final class TractorConfigFactory {

    private TractorConfigFactory() {
    }

    static TractorConfig create(TractorProperties p, Environment environment) {
        return TractorConfig.builder()
                .name(actorName(p, environment))
                .registry(p.getRegistry().getHost(), p.getRegistry().getPort())
                .bindHost(p.getBindHost())
                .transport(p.getTransport())
                .cookie(StringUtils.hasText(p.getCookie()) ? p.getCookie() : null)
                .cancelGracePeriod(p.getCancelGracePeriod())
                .spawnTimeout(p.getSpawn().getTimeout())
                .jvmArgs(p.getSpawn().getJvmArgs())
                .warmPoolSize(p.getSpawn().getWarmPoolSize())
                .streamWindow(p.getStream().getWindow())
                .maxFrameBytes(Math.toIntExact(p.getMaxFrameSize().toBytes()))
                .build();
    }

    private static String actorName(TractorProperties p, Environment environment) {
        if (StringUtils.hasText(p.getName())) {
            return p.getName();
        }
        return environment.getProperty("spring.application.name", "root");
    }
}
