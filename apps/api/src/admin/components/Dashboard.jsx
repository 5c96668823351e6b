import React, { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge, Box, H2, H4, Label, Loader, Select, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';
import { formatDateTime, formatPreciseDate, pickTitle, recordUrl } from './titles.js';

const api = new ApiClient();

const Card = ({ title, children, testId, width = [1, 1, 1 / 2] }) => (
  <Box width={width} p="md" data-testid={testId}>
    <Box variant="container" boxShadow="card" height="100%">
      <H4 mb="lg">{title}</H4>
      {children}
    </Box>
  </Box>
);

// Memoranda counted two ways: records, and the documents they stand for (a record may count N, its quantity).
const TallyTable = ({ heading, rows }) => {
  const { translateComponent: tc } = useTranslation();
  return (
    <Table>
      <TableHead>
        <TableRow>
          <TableCell>{heading}</TableCell>
          <TableCell>{tc('Dashboard.count')}</TableCell>
          <TableCell>{tc('Dashboard.quantity')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.key}>
            <TableCell>{row.label}</TableCell>
            <TableCell>{row.count}</TableCell>
            <TableCell>{row.quantity}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

// The managers' view: memoranda by status and region, follow-ups overdue and due soon, recent changes.
const Dashboard = () => {
  const { translateComponent: tc, translateLabel: tl, i18n } = useTranslation();
  const language = i18n.language;
  const [filters, setFilters] = useState({ region: '', year: '' });
  const [data, setData] = useState(null);

  useEffect(() => {
    const params = Object.fromEntries(Object.entries(filters).filter(([, value]) => value));
    api.getDashboard({ params }).then((response) => setData(response.data));
  }, [filters.region, filters.year]);

  if (!data) return <Loader />;
  const title = (values) => pickTitle(values, language) ?? tc('Dashboard.untitled');
  const status = (value) => tl(`status.${value}`, 'Memorandum', { defaultValue: value });
  const regionOptions = [{ value: '', label: tc('Dashboard.allRegions') }, ...data.regions.map((region) => ({ value: region.id, label: title(region) }))];
  const yearOptions = [{ value: '', label: tc('Dashboard.allYears') }, ...data.years.map((year) => ({ value: String(year), label: String(year) }))];
  const listFilter = (extra) => {
    const query = new URLSearchParams(extra);
    if (filters.region) query.set('filters.region', filters.region);
    return query.toString();
  };

  const followUps = (rows, testId) =>
    rows.length === 0 ? (
      <Text color="grey60">{tc('Dashboard.none')}</Text>
    ) : (
      <Table data-testid={testId}>
        <TableHead>
          <TableRow>
            <TableCell>{tc('Dashboard.what')}</TableCell>
            <TableCell>{tc('Dashboard.due')}</TableCell>
            <TableCell>{tc('Dashboard.responsible')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id}>
              <TableCell>
                <Link to={recordUrl('FollowUp', row.id)}>{title(row)}</Link>
              </TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>{formatPreciseDate(row.dueOn, row.dueOnPrecision)}</TableCell>
              <TableCell>{row.responsibleParty ? title(row.responsibleParty) : ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );

  return (
    <Box p="xl" data-testid="dashboard">
      <Box flex flexDirection="row" flexWrap="wrap" alignItems="flex-end" justifyContent="space-between" mb="lg">
        <Box mb="md">
          <H2 mb="sm">{tc('Dashboard.title')}</H2>
          <Text color="grey60">{tc('Dashboard.subtitle')}</Text>
        </Box>
        <Box flex flexDirection="row">
          <Box width="260px" mr="lg" data-testid="dashboard-region">
            <Label>{tc('Dashboard.region')}</Label>
            <Select
              value={regionOptions.find((option) => option.value === filters.region)}
              options={regionOptions}
              onChange={(selected) => setFilters({ ...filters, region: selected?.value ?? '' })}
            />
          </Box>
          <Box width="160px" data-testid="dashboard-year">
            <Label>{tc('Dashboard.year')}</Label>
            <Select
              value={yearOptions.find((option) => option.value === filters.year)}
              options={yearOptions}
              onChange={(selected) => setFilters({ ...filters, year: selected?.value ?? '' })}
            />
          </Box>
        </Box>
      </Box>

      <Box flex flexDirection="row" flexWrap="wrap" mx="-md">
        <Card title={tc('Dashboard.byStatus')} testId="dashboard-by-status">
          <Text mb="lg">
            {tc('Dashboard.records')}: <strong style={{ fontSize: 24 }}>{data.memoranda.total}</strong> · {tc('Dashboard.documents')}:{' '}
            <strong style={{ fontSize: 24 }}>{data.memoranda.quantity}</strong>
          </Text>
          <TallyTable
            heading={tc('Dashboard.status')}
            rows={data.memoranda.byStatus.map((row) => ({
              key: row.status,
              label: (
                <Link to={`/admin/resources/Memorandum?${listFilter({ 'filters.status': row.status })}`}>
                  <Badge variant="primary" outline>
                    {status(row.status)}
                  </Badge>
                </Link>
              ),
              ...row,
            }))}
          />
        </Card>

        <Card title={tc('Dashboard.byRegion')} testId="dashboard-by-region">
          {data.memoranda.byRegion.length === 0 ? (
            <Text color="grey60">{tc('Dashboard.none')}</Text>
          ) : (
            <TallyTable
              heading={tc('Dashboard.region')}
              rows={data.memoranda.byRegion.map((row) => ({
                key: row.regionId,
                label: <Link to={`/admin/resources/Memorandum?filters.region=${row.regionId}`}>{title(row.name)}</Link>,
                ...row,
              }))}
            />
          )}
        </Card>

        <Card title={`${tc('Dashboard.overdue')} (${data.followUps.overdueCount})`} testId="dashboard-overdue">
          {followUps(data.followUps.overdue, 'overdue-table')}
          {data.followUps.overdueCount > data.followUps.overdue.length ? (
            <Box mt="md">
              <Link to={`/admin/resources/FollowUp?${listFilter({ 'filters.overdue': 'true' })}`}>{tc('Dashboard.showAll')}</Link>
            </Box>
          ) : null}
        </Card>

        <Card title={`${tc('Dashboard.upcoming', { days: data.followUps.upcomingDays })} (${data.followUps.upcomingCount})`} testId="dashboard-upcoming">
          {followUps(data.followUps.upcoming, 'upcoming-table')}
        </Card>

        <Card title={tc('Dashboard.recent')} testId="dashboard-recent" width={1}>
          {data.recent.length === 0 ? (
            <Text color="grey60">{tc('Dashboard.none')}</Text>
          ) : (
            <Table>
              <TableHead>
                <TableRow>
                  <TableCell>{tc('Dashboard.when')}</TableCell>
                  <TableCell>{tc('Dashboard.what')}</TableCell>
                  <TableCell>{tc('Dashboard.action')}</TableCell>
                  <TableCell>{tc('Dashboard.who')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.recent.map((row, index) => (
                  <TableRow key={index}>
                    <TableCell style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.at, language)}</TableCell>
                    <TableCell>
                      <Text as="span" color="grey60" mr="sm">
                        {tl(`entityType.${row.entityType}`, 'Memorandum', { defaultValue: row.entityType })}:
                      </Text>
                      <Link to={recordUrl(row.resourceId, row.recordId)}>{title(row.record)}</Link>
                    </TableCell>
                    <TableCell>
                      {tc(
                        `RecordHistory.${row.action === 'create' ? 'created' : row.action === 'archive' ? 'archived' : row.action === 'transition' ? 'statusChanged' : row.action === 'restore' ? 'restored' : 'updated'}`,
                      )}
                    </TableCell>
                    <TableCell>{row.actorName}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Card>
      </Box>
    </Box>
  );
};

export default Dashboard;
