package dev.tractor.kubernetes.autoconfigure;

import dev.tractor.TractorException;
import dev.tractor.kubernetes.KubernetesSpawnBackend;
import dev.tractor.kubernetes.KubernetesSpawnSettings;
import dev.tractor.kubernetes.PodOptions;
import dev.tractor.spawn.SpawnBackend;
import dev.tractor.spring.autoconfigure.TractorAutoConfiguration;
import dev.tractor.spring.child.ChildLaunchStyle;
import dev.tractor.spring.child.SpringApplicationSpawnBackend;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Child actors as pods when {@code tractor.spawn.backend=kubernetes}: a fabric8 {@link KubernetesClient} configured
 * from the pod's service account in the cluster, else from the kubeconfig (backs off when the application defines its
 * own), and a {@link KubernetesSpawnBackend} whose children boot this application, built from
 * {@code tractor.kubernetes.*}. Runs before the runtime's auto-configuration, whose local spawn backend then backs
 * off; a {@link SpawnBackend} bean of the application's own wins over both.
 */
@AutoConfiguration(before = TractorAutoConfiguration.class)
@ConditionalOnClass({KubernetesClient.class, SpringApplicationSpawnBackend.class})
@ConditionalOnBooleanProperty(name = "tractor.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "tractor.spawn.backend", havingValue = "kubernetes")
@EnableConfigurationProperties(TractorKubernetesProperties.class)
public final class TractorKubernetesAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient tractorKubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Bean
    @ConditionalOnMissingBean(SpawnBackend.class)
    KubernetesSpawnBackend tractorKubernetesSpawnBackend(KubernetesClient client,
                                                         TractorKubernetesProperties properties,
                                                         ConfigurableListableBeanFactory beanFactory,
                                                         Environment environment) {
        SpringApplicationSpawnBackend local = new SpringApplicationSpawnBackend(
                () -> TractorAutoConfiguration.applicationClass(beanFactory), environment::getActiveProfiles,
                ChildLaunchStyle.current());
        return new KubernetesSpawnBackend(client, settings(properties, client), local::command, local::pooledCommand,
                local.childrenConfigureTls(), local.childrenConfigureValueMappers());
    }

    /** The backend's settings from {@code tractor.kubernetes.*}. */
    static KubernetesSpawnSettings settings(TractorKubernetesProperties p, KubernetesClient client) {
        PodOptions defaults = PodOptions.none();
        for (var e : p.getResources().getRequests().entrySet()) {
            defaults = defaults.withRequest(e.getKey(), e.getValue());
        }
        for (var e : p.getResources().getLimits().entrySet()) {
            defaults = defaults.withLimit(e.getKey(), e.getValue());
        }
        for (var e : p.getNodeSelector().entrySet()) {
            defaults = defaults.withNodeSelector(e.getKey(), e.getValue());
        }
        for (var e : p.getLabels().entrySet()) {
            defaults = defaults.withLabel(e.getKey(), e.getValue());
        }
        for (var e : p.getAnnotations().entrySet()) {
            defaults = defaults.withAnnotation(e.getKey(), e.getValue());
        }
        return KubernetesSpawnSettings.builder().namespace(p.getNamespace()).parentPod(p.getParentPod())
                .image(p.getImage()).javaCommand(p.getJavaCommand()).classPath(p.getClassPath())
                .serviceAccount(p.getServiceAccount()).imagePullPolicy(p.getImagePullPolicy())
                .cookieSecret(p.getCookieSecret()).cookieSecretKey(p.getCookieSecretKey()).podDefaults(defaults)
                .podTemplate(podTemplate(p, client)).deleteFinishedPods(p.isDeleteFinishedPods())
                .logLines(p.getLogLines()).build();
    }

    private static Pod podTemplate(TractorKubernetesProperties p, KubernetesClient client) {
        if (p.getPodTemplate() == null) {
            return null;
        }
        try (InputStream in = p.getPodTemplate().getInputStream()) {
            return client.pods().load(in).item();
        } catch (IOException | RuntimeException e) {
            throw new TractorException("tractor.kubernetes.pod-template (" + p.getPodTemplate() + ") cannot be read as"
                    + " a pod manifest: " + e.getMessage(), e);
        }
    }
}
