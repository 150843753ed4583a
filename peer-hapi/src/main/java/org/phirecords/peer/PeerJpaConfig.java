package org.phirecords.peer;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.MemoryBinaryStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The JPA server's Spring configuration without Spring Boot: HAPI's own R4 and JPA configurations,
 * and the beans a deployment supplies (data source, entity manager factory, transaction manager,
 * storage and partition settings), each at HAPI's defaults except where named; in-memory channels
 * for HAPI's internal messages (batch jobs). The starter project sets up the same pieces through
 * Boot's auto-configuration.
 */
@Configuration
@Import({
  JpaR4Config.class,
  HapiJpaConfig.class,
  JpaBatch2Config.class,
  Batch2JobsConfig.class,
  ThreadPoolFactoryConfig.class,
  SubscriptionChannelConfig.class
})
public class PeerJpaConfig {
  /**
   * Enough for 32 concurrent requests, each holding its transaction's connection and briefly a
   * second one for its audit event (StoredAuditSink), and HAPI's background work.
   */
  private static final int CONNECTIONS = 100;

  @Bean
  public DataSource dataSource(PeerSettings settings) {
    JdbcConnectionPool pool = JdbcConnectionPool.create(settings.jdbcUrl(), "sa", "");
    pool.setMaxConnections(CONNECTIONS);
    return pool;
  }

  @Bean
  @Primary
  public LocalContainerEntityManagerFactoryBean entityManagerFactory(
      ConfigurableListableBeanFactory beans,
      FhirContext fhir,
      JpaStorageSettings storage,
      DataSource dataSource) {
    LocalContainerEntityManagerFactoryBean factory =
        HapiEntityManagerFactoryUtil.newEntityManagerFactory(beans, fhir, storage);
    factory.setPersistenceUnitName("HAPI_PEER");
    factory.setDataSource(dataSource);
    Properties jpa = new Properties();
    jpa.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
    jpa.put("hibernate.hbm2ddl.auto", "update");
    jpa.put("hibernate.search.enabled", "false");
    jpa.put("hibernate.format_sql", "false");
    jpa.put("hibernate.show_sql", "false");
    jpa.put("hibernate.jdbc.batch_size", "20");
    jpa.put("hibernate.cache.use_query_cache", "false");
    jpa.put("hibernate.cache.use_second_level_cache", "false");
    factory.setJpaProperties(jpa);
    return factory;
  }

  @Bean
  @Primary
  public JpaTransactionManager transactionManager(EntityManagerFactory factory) {
    JpaTransactionManager manager = new JpaTransactionManager();
    manager.setEntityManagerFactory(factory);
    return manager;
  }

  @Bean
  public JpaStorageSettings storageSettings() {
    return new JpaStorageSettings();
  }

  /** Partitioning on the secured side: one partition per tenant, named as the tenant. */
  @Bean
  public PartitionSettings partitionSettings(PeerSettings settings) {
    PartitionSettings partitions = new PartitionSettings();
    partitions.setPartitioningEnabled(settings.secured());
    return partitions;
  }

  @Bean
  public SubscriptionSettings subscriptionSettings() {
    return new SubscriptionSettings();
  }

  @Bean
  public IBinaryStorageSvc binaryStorage() {
    return new MemoryBinaryStorageSvcImpl();
  }
}
