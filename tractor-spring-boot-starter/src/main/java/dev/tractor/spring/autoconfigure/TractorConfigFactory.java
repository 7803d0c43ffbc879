package dev.tractor.spring.autoconfigure;

import dev.tractor.Heartbeat;
import dev.tractor.Limits;
import dev.tractor.TlsConfig;
import dev.tractor.TractorConfig;
import dev.tractor.TractorException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/** Turns the bound {@link TractorProperties} into the core's {@link TractorConfig}. */
final class TractorConfigFactory {

    private TractorConfigFactory() {
    }

    static TractorConfig create(TractorProperties p, Environment environment) {
        TractorConfig.Builder b = TractorConfig.builder();
        if (p.getRegistry().getAddresses().isEmpty()) {
            b.registry(p.getRegistry().getHost(), p.getRegistry().getPort());
        } else {
            b.registries(p.getRegistry().getAddresses().stream().map(RegistryAddresses::parse).toList());
        }
        return b
                .name(actorName(p, environment))
                .bindHost(p.getBindHost())
                .bindPort(p.getBindPort())
                .advertiseHost(StringUtils.hasText(p.getAdvertiseHost()) ? p.getAdvertiseHost() : null)
                .advertisePort(p.getAdvertisePort())
                .transport(p.getTransport())
                .cookie(StringUtils.hasText(p.getCookie()) ? p.getCookie() : null)
                .cookieFile(p.getCookieFile() != null ? p.getCookieFile() : TractorConfig.defaultCookieFile())
                .cancelGracePeriod(p.getCancelGracePeriod())
                .spawnTimeout(p.getSpawn().getTimeout())
                .jvmArgs(p.getSpawn().getJvmArgs())
                .warmPoolSize(p.getSpawn().getWarmPoolSize())
                .classDataCache(p.getSpawn().getClassDataCache().isEnabled()
                        ? p.getSpawn().getClassDataCache().getDirectory() : null)
                .streamWindow(p.getStream().getWindow())
                .maxFrameBytes(Math.toIntExact(p.getMaxFrameSize().toBytes()))
                .limits(new Limits(p.getLimits().getTasksPerPeer(),
                        Math.toIntExact(p.getLimits().getOutboundBuffer().toBytes()),
                        p.getLimits().getUnopenedStreamTimeout(), p.getLimits().getRegistryEntries()))
                .heartbeat(new Heartbeat(p.getHeartbeat().getInterval(), p.getHeartbeat().getTolerance()))
                .build();
    }

    /**
     * {@code config} with TLS from the SSL bundle {@code tractor.ssl.bundle} names, if it names one.
     *
     * @throws TractorException naming the property if the bundle does not exist
     */
    static TractorConfig withTls(TractorConfig config, TractorProperties p, ObjectProvider<SslBundles> bundles) {
        String name = p.getSsl().getBundle();
        if (!StringUtils.hasText(name)) {
            return config;
        }
        SslBundles registry = bundles.getIfAvailable();
        if (registry == null) {
            throw new TractorException("tractor.ssl.bundle is '" + name + "', but this application has no SSL bundles"
                    + " (define spring.ssl.bundle.pem." + name + ".* or spring.ssl.bundle.jks." + name + ".*)");
        }
        SslBundle bundle;
        try {
            bundle = registry.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new TractorException("tractor.ssl.bundle names the SSL bundle '" + name + "', which is not defined"
                    + " (define spring.ssl.bundle.pem." + name + ".* or spring.ssl.bundle.jks." + name + ".*)", e);
        }
        TlsConfig tls = TlsConfig.of(bundle.getManagers().getKeyManagerFactory(),
                bundle.getManagers().getTrustManagerFactory(), "SSL bundle '" + name + "'");
        return config.toBuilder().tls(tls).build();
    }

    private static String actorName(TractorProperties p, Environment environment) {
        if (StringUtils.hasText(p.getName())) {
            return p.getName();
        }
        return environment.getProperty("spring.application.name", "root");
    }
}
